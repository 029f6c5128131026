package io.pagekv.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A scratch directory for stores that are opened, checked and thrown away many times: under
 * {@code /dev/shm} when it is a writable directory (forces cost nothing there), else under the
 * test's temporary directory. The caller deletes it.
 */
public final class Scratch
{
    private Scratch()
    {
    }

    public static Path directory(final Path fallback)
    {
        final Path shm = Path.of("/dev/shm");
        try
        {
            if (Files.isDirectory(shm) && Files.isWritable(shm))
            {
                return Files.createTempDirectory(shm, "pagekv-crash-");
            }
            return Files.createTempDirectory(fallback, "scratch-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
