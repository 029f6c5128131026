package io.pagekv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shared test fixtures: the model map, the checker run after commits, and crash images.
 */
public final class TestStores
{
    private TestStores()
    {
    }

    /**
     * Opens a store without the audit hooks registered for every store of this JVM
     * ({@code AuditHooks.addToEveryStore}, which a test of another class may leave behind): with a
     * hook attached the store commits batches one by one, so tests of combined batches open this way.
     *
     * @param dir     the store directory.
     * @param options the options.
     * @return the open store.
     */
    public static Store openWithoutEveryStoreHooks(final Path dir, final StoreOptions options)
    {
        return Store.open(dir, options, false);
    }

    /**
     * @return an empty model with the store's key order.
     */
    public static NavigableMap<byte[], byte[]> model()
    {
        return new TreeMap<>(Arrays::compareUnsigned);
    }

    /**
     * Runs the consistency checker and fails on any problem.
     *
     * @param store the store.
     * @return the report.
     */
    public static VerifyReport assertClean(final Store store)
    {
        final VerifyReport report = store.verify();
        assertTrue(report.isClean(), () -> "verify found: " + report.problems());
        return report;
    }

    /**
     * Asserts that a snapshot holds exactly the model, in order, both directions.
     *
     * @param snapshot the snapshot.
     * @param model    the expected entries.
     */
    public static void assertSameContents(final Snapshot snapshot, final NavigableMap<byte[], byte[]> model)
    {
        assertEquals(model.size(), snapshot.count(), "entry count");
        try (Cursor cursor = snapshot.range(null, null))
        {
            for (final Map.Entry<byte[], byte[]> e : model.entrySet())
            {
                assertTrue(cursor.next(), "store ends early, missing " + Arrays.toString(e.getKey()));
                assertArrayEquals(e.getKey(), cursor.keyBytes());
                assertArrayEquals(e.getValue(), cursor.valueBytes(), () -> "value of " + Arrays.toString(e.getKey()));
            }
            assertTrue(!cursor.next(), "store has more entries than the model");
        }
    }

    /**
     * Copies a store directory's files as they are now, but for the lock file: every write
     * already reached the operating system, as after a process crash, but the next writer
     * cannot know that its predecessor ran in this boot, so it opens as after a power loss in
     * which every write landed (decision 62).
     *
     * @param from the live store directory.
     * @param to   the copy, created.
     */
    public static void crashImage(final Path from, final Path to)
    {
        copyFiles(from, to, false);
    }

    /**
     * Copies a store directory's files as they are now, the lock file included: what a process
     * crash at this moment leaves, the next writer finding that its predecessor took the lock in
     * this boot, so that every write it made is still in the page cache (decision 62). The lock
     * file's reader table comes along, so the readers registered now look alive to the copy.
     *
     * @param from the live store directory.
     * @param to   the copy, created.
     */
    public static void crashImageInThisBoot(final Path from, final Path to)
    {
        copyFiles(from, to, true);
    }

    private static void copyFiles(final Path from, final Path to, final boolean withLockFile)
    {
        try
        {
            Files.createDirectories(to);
            try (Stream<Path> files = Files.list(from))
            {
                for (final Path file : (Iterable<Path>)files::iterator)
                {
                    if (Files.isRegularFile(file) && (withLockFile || !file.getFileName().toString().equals("lock")))
                    {
                        Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
