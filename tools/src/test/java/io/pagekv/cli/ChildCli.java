package io.pagekv.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code pagekv} in a child JVM on the test class path, with JVM options of the test's
 * choosing (a small heap, a temporary directory), so that memory limits and signals act on it
 * and not on the test.
 */
final class ChildCli
{
    private ChildCli()
    {
    }

    /**
     * @param jvmOptions options for the child JVM, for example {@code -Xmx200m}.
     * @param args       the pagekv command line.
     * @return the command that starts it.
     */
    static List<String> command(final List<String> jvmOptions, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return command;
    }
}
