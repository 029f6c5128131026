package io.pagekv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/**
 * The temporary directories the tries of a property create, deleted after the property.
 * Thread-safe, and the deletion never throws: once a property fails, jqwik shrinks it on a pool
 * thread under a time limit, and a try that runs out of time goes on (creating and writing
 * directories) while the property's cleanup runs. The cleanup must neither fail on that nor hide
 * the property's own failure behind its own (a {@code ConcurrentModificationException} did, in CI).
 */
public final class PropertyDirectories
{
    private static final System.Logger LOGGER = System.getLogger("io.pagekv.test");

    private final Queue<Path> dirs = new ConcurrentLinkedQueue<>();

    /**
     * @param prefix the name's prefix.
     * @return a new temporary directory, deleted by {@link #deleteAll}.
     * @throws IOException if it cannot be created.
     */
    public Path create(final String prefix) throws IOException
    {
        final Path dir = Files.createTempDirectory(prefix);
        dirs.add(dir);
        return dir;
    }

    /** Deletes every directory created so far, as far as it can; what it cannot is logged. */
    public void deleteAll()
    {
        for (Path dir = dirs.poll(); dir != null; dir = dirs.poll())
        {
            try (Stream<Path> walk = Files.walk(dir))
            {
                walk.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
            catch (final IOException | UncheckedIOException ex)
            {
                LOGGER.log(System.Logger.Level.WARNING, "could not delete " + dir + " (a try may still be running): " + ex);
            }
        }
    }
}
