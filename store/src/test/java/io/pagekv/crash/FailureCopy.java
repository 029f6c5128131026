package io.pagekv.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Keeps the files of a failed case under {@code target/crash-failures} for a post-mortem.
 */
final class FailureCopy
{
    private FailureCopy()
    {
    }

    /**
     * @param dir   the store directory.
     * @param label what failed.
     * @return a sentence naming the copy.
     */
    static String keep(final Path dir, final String label)
    {
        final Path to = Path.of("target", "crash-failures", label + "-" + System.currentTimeMillis());
        try (Stream<Path> files = Files.list(dir))
        {
            Files.createDirectories(to);
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                if (Files.isRegularFile(file))
                {
                    Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return "files kept in " + to.toAbsolutePath();
        }
        catch (final IOException ex)
        {
            return "files could not be kept: " + ex;
        }
    }
}
