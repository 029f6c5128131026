package io.pagekv;

import io.pagekv.page.SegmentFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.NavigableMap;

import static io.pagekv.LazySegmentsProperties.files;
import static io.pagekv.LazySegmentsProperties.numbers;
import static io.pagekv.ModelChanges.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a writable open maps segments: at open after any end but a clean close, at first read
 * after a clean close; and what a damaged or vanished segment file does then.
 */
class LazySegmentsTest
{
    private static final StoreOptions OPTIONS = StoreOptions.defaults().withSegmentSize(256 << 10)
        .withDurability(Durability.ASYNC).withCompaction(CompactionPolicy.off());

    @TempDir
    Path tmp;

    private final NavigableMap<byte[], byte[]> model = TestStores.model();

    /**
     * 300 keys in the first commit, then 30 commits that rewrite key 0 only: most leaves stay in
     * segment 0, far below the head.
     */
    private Path build() throws IOException
    {
        final Path dir = tmp.resolve("store");
        try (Store store = Store.open(dir, OPTIONS))
        {
            put(store, 0, 300, 150, 1);
            for (int c = 0; c < 30; c++)
            {
                put(store, 0, 1, 2000, c + 2);
            }
            assertTrue(store.engine().head().segment() > 1, "the log spans several segments");
        }
        return dir;
    }

    private void put(final Store store, final int first, final int count, final int size, final int fill)
    {
        try (WriteTxn txn = store.beginWrite())
        {
            for (int k = first; k < first + count; k++)
            {
                final byte[] value = new byte[size];
                Arrays.fill(value, (byte)fill);
                txn.put(key(k), value);
                model.put(key(k), value);
            }
            txn.commit();
        }
    }

    @Test
    void aCleanReopenMapsTheHeadsSegmentAndAGetTheSegmentsOfItsPath() throws IOException
    {
        final Path dir = build();
        try (Store store = Store.open(dir, OPTIONS))
        {
            final int head = store.engine().head().segment();
            assertEquals(java.util.Set.of(head), numbers(store, true));
            assertEquals(files(dir), numbers(store, false));
            assertArrayEquals(model.get(key(299)), store.get(key(299)));
            assertTrue(numbers(store, true).contains(0), "the get read a leaf of segment 0 and mapped it");
            assertTrue(numbers(store, true).size() <= 1 + store.engine().head().depth(), "a get maps at most the segments of its path");
        }
    }

    @Test
    void anOpenAfterACrashMapsEverySegmentAtOpen() throws IOException
    {
        final Path dir = tmp.resolve("live");
        final Path image = tmp.resolve("image");
        try (Store store = Store.open(dir, OPTIONS))
        {
            put(store, 0, 300, 150, 1);
            for (int c = 0; c < 30; c++)
            {
                put(store, 0, 1, 2000, c + 2);
            }
            TestStores.crashImage(dir, image);
        }
        try (Store store = Store.open(image, OPTIONS))
        {
            assertEquals(files(image), numbers(store, true), "recovery after a crash maps every segment at open");
            try (Snapshot snapshot = store.snapshot())
            {
                TestStores.assertSameContents(snapshot, model);
            }
        }
    }

    @Test
    void aReadOnlyOpenMapsEverySegmentAtOpen() throws IOException
    {
        final Path dir = build();
        try (Store store = Store.openReadOnly(dir))
        {
            assertEquals(files(dir), numbers(store, true));
        }
    }

    @Test
    void aSegmentDamagedSinceACleanCloseFailsTheReadsOfItsPagesAndVerifyReportsIt() throws IOException
    {
        final Path dir = build();
        final Path damaged = SegmentFiles.path(dir, 0);
        try (RandomAccessFile file = new RandomAccessFile(damaged.toFile(), "rw"))
        {
            file.write(new byte[4096]);
        }
        assertThrows(CorruptStoreException.class, () -> Store.openReadOnly(dir).close(), "a read-only open still checks every header");
        try (Store store = Store.open(dir, OPTIONS))
        {
            for (int attempt = 0; attempt < 2; attempt++)
            {
                final CorruptStoreException ex = assertThrows(CorruptStoreException.class, () -> store.get(key(299)));
                assertEquals(damaged, ex.file(), ex.getMessage());
                assertTrue(ex.getMessage().contains("not a pagekv segment header"), ex.getMessage());
            }
            final VerifyReport report = store.verify();
            assertFalse(report.isClean());
            assertTrue(report.problems().stream().anyMatch(p -> p.file().equals(damaged) && p.what().contains("segment header")),
                () -> "verify names the damaged segment: " + report.problems());
            assertArrayEquals(model.get(key(0)), store.get(key(0)), "pages in other segments still read");
        }
    }

    @Test
    void aSegmentFileGoneAfterACleanReopenFailsTheReadThatNeedsItAsCorruption() throws IOException
    {
        final Path dir = build();
        try (Store store = Store.open(dir, OPTIONS))
        {
            Files.delete(SegmentFiles.path(dir, 0));
            final CorruptStoreException ex = assertThrows(CorruptStoreException.class, () -> store.get(key(299)));
            assertEquals(SegmentFiles.path(dir, 0), ex.file());
            assertTrue(ex.getMessage().contains("segment file is gone"), ex.getMessage());
        }
    }

    @Test
    void theWritersListingOfSegmentFilesStaysTrueThroughRollsAndRetirements() throws IOException
    {
        final Path dir = tmp.resolve("store");
        final StoreOptions compacting = OPTIONS.withCompaction(CompactionPolicy.of(1.0, 1.05));
        for (int session = 0; session < 3; session++)
        {
            try (Store store = Store.open(dir, compacting))
            {
                for (int c = 0; c < 40; c++)
                {
                    put(store, (c * 7) % 200, 20, 700, c);
                    assertArrayEquals(SegmentFiles.list(dir), store.engine().segments().listFiles(), "after commit " + c);
                }
                store.compact();
                assertArrayEquals(SegmentFiles.list(dir), store.engine().segments().listFiles(), "after compact()");
            }
        }
        try (Store store = Store.open(dir, compacting); Snapshot snapshot = store.snapshot())
        {
            TestStores.assertSameContents(snapshot, model);
        }
    }
}
