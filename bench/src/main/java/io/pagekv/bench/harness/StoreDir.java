package io.pagekv.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A fresh directory under {@code java.io.tmpdir} for one store, deleted with everything in it.
 */
public final class StoreDir implements AutoCloseable
{
    private final Path path;

    private StoreDir(final Path path)
    {
        this.path = path;
    }

    /**
     * @param label names the directory, for whoever looks at /tmp during a run.
     * @return a new empty directory.
     */
    public static StoreDir create(final String label)
    {
        try
        {
            return new StoreDir(Files.createTempDirectory("pagekv-bench-" + label + "-"));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a temporary store directory", ex);
        }
    }

    /**
     * @return the directory.
     */
    public Path path()
    {
        return path;
    }

    /**
     * Deletes the directory and its contents.
     */
    @Override
    public void close()
    {
        if (!Files.exists(path))
        {
            return;
        }
        try
        {
            Files.walkFileTree(path, new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
                {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(final Path dir, final IOException failure) throws IOException
                {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete " + path, ex);
        }
    }
}
