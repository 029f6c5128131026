package io.pagekv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Offline compaction swaps a compact copy in by renames; a crash after any step leaves the old
 * store or the new one, and the next writable open finishes or rolls back the swap. The crash
 * points are built as the directory states each step leaves.
 */
class OfflineCompactionTest
{
    private static final StoreOptions OPTIONS = StoreOptions.defaults().withSegmentSize(64 << 10).withDurability(Durability.ASYNC)
        .withCompaction(CompactionPolicy.off());

    @TempDir
    Path tmp;

    private static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void fill(final Path dir, final String marker)
    {
        try (Store store = Store.open(dir, OPTIONS))
        {
            for (int c = 0; c < 20; c++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    for (int i = 0; i < 100; i++)
                    {
                        txn.put(b("key-" + ((i * 13 + c * 7) % 400)), new byte[120]);
                    }
                    txn.put(b("marker"), b(marker));
                    txn.commit();
                }
            }
        }
    }

    private static String marker(final Path dir)
    {
        try (Store store = Store.open(dir, OPTIONS))
        {
            assertTrue(store.verify().isClean());
            return new String(store.get(b("marker")), StandardCharsets.US_ASCII);
        }
    }

    private static long bytes(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private Path sibling(final Path dir, final String suffix)
    {
        return dir.resolveSibling(dir.getFileName() + suffix);
    }

    @Test
    void offlineCompactionKeepsTheContentsAndShrinksTheStore() throws IOException
    {
        final Path dir = tmp.resolve("store");
        fill(dir, "v1");
        final long before = bytes(dir);
        final BackupReport report = Store.compactOffline(dir, OPTIONS);
        assertEquals(401, report.entries());
        assertEquals("v1", marker(dir));
        assertTrue(bytes(dir) < before / 2, before + " -> " + bytes(dir));
        try (Stream<Path> left = Files.list(tmp))
        {
            assertEquals(1, left.count(), "only the store is left");
        }
    }

    @Test
    void crashBeforeTheFirstRenameRollsBack() throws IOException
    {
        final Path dir = tmp.resolve("store");
        fill(dir, "old");
        final Path fresh = tmp.resolve("other");
        fill(fresh, "new");
        Files.move(fresh, sibling(dir, ".swap-new"));
        assertEquals("old", marker(dir));
        assertFalse(Files.exists(sibling(dir, ".swap-new")), "the unfinished copy is discarded");
    }

    @Test
    void crashBetweenTheRenamesFinishesTheSwapAndReadOnlyOpensRefuseUntilThen() throws IOException
    {
        final Path dir = tmp.resolve("store");
        fill(dir, "old");
        final Path fresh = tmp.resolve("other");
        fill(fresh, "new");
        Files.move(fresh, sibling(dir, ".swap-new"));
        Files.move(dir, sibling(dir, ".swap-old"));
        final StoreException refused = assertThrows(StoreException.class, () -> Store.openReadOnly(dir).close());
        assertTrue(refused.getMessage().contains("offline compaction"), refused.getMessage());
        assertTrue(Files.exists(sibling(dir, ".swap-new")) && Files.exists(sibling(dir, ".swap-old")), "a read-only open changed nothing");
        assertEquals("new", marker(dir));
        assertFalse(Files.exists(sibling(dir, ".swap-old")));
        assertFalse(Files.exists(sibling(dir, ".swap-new")));
    }

    @Test
    void crashAfterTheSecondRenameDeletesTheOldCopy() throws IOException
    {
        final Path dir = tmp.resolve("store");
        fill(dir, "new");
        final Path old = tmp.resolve("other");
        fill(old, "old");
        Files.move(old, sibling(dir, ".swap-old"));
        assertEquals("new", marker(dir));
        assertFalse(Files.exists(sibling(dir, ".swap-old")));
    }

    @Test
    void onlyTheOldCopyLeftIsPutBack() throws IOException
    {
        final Path dir = tmp.resolve("store");
        fill(dir, "old");
        Files.move(dir, sibling(dir, ".swap-old"));
        assertEquals("old", marker(dir), "a missing store with its old copy beside it is never created afresh");
    }

    /**
     * A store created at the directory while an offline compaction had moved the old one aside
     * (another process's writable open, between steps 2 and 3: the compaction's last rename then
     * fails). Settling that as "the swap is done" deleted the old store, and the data with it;
     * the open must refuse and change nothing.
     */
    @Test
    void aStoreCreatedDuringTheSwapIsRefusedAndNothingIsDeleted() throws IOException
    {
        final Path dir = tmp.resolve("store");
        fill(dir, "old");
        final Path old = sibling(dir, ".swap-old");
        final Path fresh = sibling(dir, ".swap-new");
        Store.compactOffline(dir, OPTIONS);
        Files.move(dir, fresh);
        fill(old, "old");
        final Path created = tmp.resolve("created");
        Store.open(created, OPTIONS).close();
        Files.move(created, dir);
        final StoreException ex = assertThrows(StoreException.class, () -> Store.open(dir, OPTIONS).close());
        assertTrue(ex.getMessage().contains("nothing was changed"), ex.getMessage());
        assertEquals("old", marker(old));
        assertEquals("old", marker(fresh));
        assertTrue(Files.exists(dir));
    }

    /**
     * The race that made the store above: an offline compaction in another process moves the
     * store aside (step 2) after this open's swap check found nothing and before it looks for the
     * store, so the open creates an empty store at the directory. Having taken the new store's
     * lock, the open sees the swap under way, deletes what it created and refuses; the compaction's
     * last rename, or the next open, then puts the real store back.
     */
    @Test
    void anOpenThatCreatesAStoreWhileTheSwapHasItMovedAsideRemovesItAndRefuses() throws IOException
    {
        final Path dir = tmp.resolve("store");
        fill(dir, "old");
        final Path fresh = tmp.resolve("compacted");
        fill(fresh, "new");
        final Path staged = sibling(dir, ".swap-new");
        final Path old = sibling(dir, ".swap-old");
        // Step 2 of the other process lands just before this open creates the directory.
        final ForwardingFileIO stepTwoFirst = new ForwardingFileIO(io.pagekv.io.FileIO.jdk())
        {
            private boolean moved;

            @Override
            public void createDirectories(final Path path) throws IOException
            {
                if (!moved && path.equals(dir))
                {
                    moved = true;
                    Files.move(fresh, staged);
                    Files.move(dir, old);
                }
                super.createDirectories(path);
            }
        };
        final StoreException refused = assertThrows(StoreException.class, () -> Store.open(dir, FileSeam.with(OPTIONS, stepTwoFirst)).close());
        assertTrue(refused.getMessage().contains("compacted offline by another process"), refused.getMessage());
        assertFalse(Files.exists(dir), "the store it created is gone");
        assertTrue(Files.exists(old) && Files.exists(staged), "the swap's directories are untouched");
        // The compaction's last rename now succeeds, as if it had come first.
        Files.move(staged, dir);
        assertEquals("new", marker(dir));
        assertFalse(Files.exists(old));
    }
}
