package io.pagekv.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM running one of the battery's {@code main} classes on this test's class path, with
 * the flag Agrona needs.
 *
 * <p>Its standard output goes to a file, not a pipe, and is read from there: a line the child
 * wrote before SIGKILL is in the page cache and so in the file, whereas the JDK's process pipe
 * drops bytes that are still in flight when the reaper sees the child die (found by this
 * battery: the kill loop saw "lost" acknowledgements that the child had printed).
 */
final class ChildJvm implements AutoCloseable
{
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private long readBytes;
    private final StringBuilder partial = new StringBuilder();

    private ChildJvm(final Process process, final Path stdout, final Path stderr)
    {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * @param main   the class whose {@code main} runs.
     * @param files  prefix of the child's {@code .out} and {@code .err} files.
     * @param args   its arguments.
     * @return the running child.
     */
    static ChildJvm start(final Class<?> main, final Path files, final String... args)
    {
        return start(Path.of(System.getProperty("java.home")), main, files, args);
    }

    /**
     * @param javaHome the JDK or JRE to run.
     * @param main     the class whose {@code main} runs.
     * @param files    prefix of the child's {@code .out} and {@code .err} files.
     * @param args     its arguments.
     * @return the running child.
     */
    static ChildJvm start(final Path javaHome, final Class<?> main, final Path files, final String... args)
    {
        return start(javaHome, List.of(), main, files, args);
    }

    /**
     * @param javaHome the JDK or JRE to run.
     * @param jvmArgs  JVM options after the defaults (a later {@code -Xmx} wins).
     * @param main     the class whose {@code main} runs.
     * @param files    prefix of the child's {@code .out} and {@code .err} files.
     * @param args     its arguments.
     * @return the running child.
     */
    static ChildJvm start(final Path javaHome, final List<String> jvmArgs, final Class<?> main, final Path files, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xmx256m");
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        final Path out = files.resolveSibling(files.getFileName() + ".out");
        final Path err = files.resolveSibling(files.getFileName() + ".err");
        try
        {
            final Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
            return new ChildJvm(process, out, err);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param timeoutMillis how long to wait.
     * @return the next whole line, or null if the child ended without one or on timeout.
     */
    String nextLine(final long timeoutMillis)
    {
        final long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true)
        {
            final boolean ended = !process.isAlive();
            poll();
            if (!lines.isEmpty())
            {
                return lines.poll();
            }
            if (ended || System.currentTimeMillis() > deadline)
            {
                return null;
            }
            pause(2);
        }
    }

    /**
     * Waits for the child to end, then returns every line not yet taken.
     *
     * @return the remaining lines.
     */
    List<String> drain()
    {
        waitFor();
        poll();
        final List<String> rest = new ArrayList<>(lines);
        lines.clear();
        return rest;
    }

    private void poll()
    {
        try
        {
            final long size = Files.size(stdout);
            if (size <= readBytes)
            {
                return;
            }
            final byte[] bytes;
            try (var channel = java.nio.channels.FileChannel.open(stdout))
            {
                final java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int)(size - readBytes));
                while (buffer.hasRemaining() && channel.read(buffer, readBytes + buffer.position()) > 0)
                {
                    // reads until the snapshot of the size is in
                }
                bytes = java.util.Arrays.copyOf(buffer.array(), buffer.position());
            }
            readBytes += bytes.length;
            partial.append(new String(bytes, StandardCharsets.UTF_8));
            int newline;
            while ((newline = partial.indexOf("\n")) >= 0)
            {
                lines.add(partial.substring(0, newline));
                partial.delete(0, newline + 1);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Sends SIGKILL and waits for the child to die.
     *
     * @return its exit code.
     */
    int kill()
    {
        process.destroyForcibly();
        return waitFor();
    }

    /**
     * @return the exit code, once the child ended.
     */
    int waitFor()
    {
        try
        {
            return process.waitFor();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    long pid()
    {
        return process.pid();
    }

    /**
     * @return what the child wrote to standard error, for failure messages.
     */
    String stderr()
    {
        try
        {
            final String text = Files.readString(stderr);
            return text.length() > 4000 ? text.substring(0, 4000) + "..." : text;
        }
        catch (final IOException ex)
        {
            return "(stderr unreadable: " + ex + ")";
        }
    }

    private static void pause(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        if (process.isAlive())
        {
            kill();
        }
    }
}
