package io.pagekv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Online compaction: the live pages of old segments move to the tail in ordinary commits, the
 * old segments are retired, and their files go once no snapshot can reach them. Contents are
 * checked against a model; snapshots opened before read the same data throughout.
 */
class CompactionTest
{
    /** Manual compaction only: {@code SpaceBoundTest} and the model property cover the automatic kind. */
    private static final StoreOptions SMALL = StoreOptions.defaults().withSegmentSize(64 << 10).withDurability(Durability.ASYNC)
        .withCompaction(CompactionPolicy.off());

    @TempDir
    Path dir;

    private static byte[] key(final int n)
    {
        return String.format("key-%05d", n).getBytes(StandardCharsets.US_ASCII);
    }

    private static void overwrite(final Store store, final TreeMap<Integer, byte[]> model, final SplittableRandom random, final int commits)
    {
        for (int c = 0; c < commits; c++)
        {
            try (WriteTxn txn = store.beginWrite())
            {
                for (int i = 0; i < 50; i++)
                {
                    final int k = random.nextInt(400);
                    if (random.nextInt(10) == 0)
                    {
                        txn.delete(key(k));
                        model.remove(k);
                    }
                    else
                    {
                        final byte[] value = new byte[random.nextInt(10) == 0 ? 5000 + random.nextInt(5000) : random.nextInt(200)];
                        random.nextBytes(value);
                        txn.put(key(k), value);
                        model.put(k, value);
                    }
                }
                txn.commit();
            }
        }
    }

    private static void assertContents(final Snapshot snap, final TreeMap<Integer, byte[]> model)
    {
        assertEquals(model.size(), snap.count());
        for (final Map.Entry<Integer, byte[]> e : model.entrySet())
        {
            assertArrayEquals(e.getValue(), snap.get(key(e.getKey())), "key " + e.getKey());
        }
    }

    private long segmentBytes() throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(p -> p.getFileName().toString().startsWith("seg-")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void compactionRetiresOldSegmentsAndKeepsEveryReaderRight() throws Exception
    {
        final TreeMap<Integer, byte[]> model = new TreeMap<>();
        final SplittableRandom random = new SplittableRandom(42);
        try (Store store = Store.open(dir, SMALL); Store reader = Store.openReadOnly(dir))
        {
            overwrite(store, model, random, 60);
            final TreeMap<Integer, byte[]> before = new TreeMap<>(model);
            final long bytesBefore = segmentBytes();
            try (Snapshot old = store.snapshot(); Snapshot oldInReader = reader.snapshot())
            {
                final CompactionReport report = store.compact();
                assertTrue(report.segmentsRetired() > 0, report.toString());
                assertTrue(report.segmentsPending() > 0, "a snapshot of an older commit is open: " + report);
                assertTrue(report.pagesMoved() > 0, report.toString());
                TestStores.assertClean(store);
                try (Snapshot now = store.snapshot())
                {
                    assertContents(now, model);
                }
                assertContents(old, before);
                assertContents(oldInReader, before);
                overwrite(store, model, random, 5);
                assertContents(old, before);
            }
            // The old snapshot is closed: the next commit deletes the files.
            overwrite(store, model, random, 1);
            final long bytesAfter = segmentBytes();
            System.out.println("[compaction] segment bytes " + bytesBefore + " -> " + bytesAfter);
            assertTrue(bytesAfter < bytesBefore / 2, "segment bytes " + bytesBefore + " -> " + bytesAfter);
            try (Snapshot now = reader.snapshot())
            {
                assertEquals(store.info().lastTxnId(), now.txnId(), "the read-only store followed the writer past the compaction");
                assertContents(now, model);
            }
            assertTrue(reader.verify().isClean(), () -> reader.verify().problems().toString());
        }
        try (Store store = Store.open(dir, SMALL); Snapshot snap = store.snapshot())
        {
            assertContents(snap, model);
            TestStores.assertClean(store);
            overwrite(store, model, random, 20);
            store.compact();
            TestStores.assertClean(store);
        }
        try (Store store = Store.openReadOnly(dir); Snapshot snap = store.snapshot())
        {
            assertContents(snap, model);
        }
    }

    @Test
    void compactingAnEmptyOrFreshStoreIsHarmless()
    {
        try (Store store = Store.open(dir, SMALL))
        {
            final CompactionReport first = store.compact();
            assertEquals(0, first.pagesMoved());
            store.put(key(1), new byte[10]);
            store.delete(key(1));
            store.compact();
            TestStores.assertClean(store);
            assertEquals(0, store.info().entryCount());
            store.put(key(2), new byte[] {7});
            assertArrayEquals(new byte[] {7}, store.get(key(2)));
        }
    }

    @Test
    void readOnlyStoresRefuseToCompact()
    {
        try (Store store = Store.open(dir, SMALL))
        {
            store.put(key(1), new byte[10]);
        }
        try (Store reader = Store.openReadOnly(dir))
        {
            final StoreException refused = assertThrows(StoreException.class, reader::compact);
            assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());
        }
    }
}
