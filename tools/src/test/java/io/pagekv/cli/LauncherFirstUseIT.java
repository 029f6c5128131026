package io.pagekv.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ./pagekv} on a checkout that was never built: it builds the jar first, says so in one
 * line on standard error, then runs the command.
 */
class LauncherFirstUseIT
{
    @TempDir
    Path checkout;

    @Test
    void launcherBuildsTheJarOnFirstUse() throws Exception
    {
        assumeTrue(Processes.run(List.of("sh", "-c", "command -v mvn"), new byte[0], null, 30).status() == 0, "needs mvn on the PATH");
        final Path repo = Processes.launcher().getParent();
        for (final String path : List.of("pom.xml", "pagekv", "store/pom.xml", "store/src/main", "tools/pom.xml", "tools/src/main", "bench/pom.xml",
            "integrations/kafka-streams/pom.xml"))
        {
            copy(repo.resolve(path), checkout.resolve(path));
        }
        Files.setPosixFilePermissions(checkout.resolve("pagekv"), Files.getPosixFilePermissions(repo.resolve("pagekv")));

        final Processes.Result first = Processes.run(List.of(checkout.resolve("pagekv").toString(), "--version"), new byte[0], checkout, 600);
        assertEquals(0, first.status(), first::toString);
        assertEquals("building pagekv (first use)...\n", first.err(), first::toString);
        assertTrue(first.out().startsWith("pagekv "), first::toString);
        assertTrue(Files.exists(checkout.resolve("tools/target/pagekv.jar")));

        final Processes.Result second = Processes.run(List.of(checkout.resolve("pagekv").toString(), "--version"), new byte[0], checkout, 60);
        assertEquals(0, second.status(), second::toString);
        assertEquals("", second.err(), "no rebuild when nothing changed");
    }

    private static void copy(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> files = Files.walk(from))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                final Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
