package io.pagekv;

import io.pagekv.format.SuperblockLayout;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery opens to exactly a committed prefix of history: after the newest segment is cut at any
 * offset, and after the newest superblock slot is damaged.
 */
class RecoveryTest
{
    private Path base;

    @BeforeTry
    void createBase() throws IOException
    {
        base = Files.createTempDirectory("pagekv-recovery");
    }

    @AfterTry
    void deleteBase() throws IOException
    {
        try (Stream<Path> walk = Files.walk(base))
        {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Writes {@code commits} random transactions and returns the model after each (index = txn id).
     */
    private static List<NavigableMap<byte[], byte[]>> writeHistory(final Store store, final int commits, final long seed)
    {
        final Random random = new Random(seed);
        final List<NavigableMap<byte[], byte[]>> history = new ArrayList<>();
        NavigableMap<byte[], byte[]> model = TestStores.model();
        history.add(model);
        for (int c = 1; c <= commits; c++)
        {
            model = copy(model);
            try (WriteTxn txn = store.beginWrite())
            {
                assertEquals(c, txn.txnId());
                final int ops = 1 + random.nextInt(40);
                for (int i = 0; i < ops; i++)
                {
                    final byte[] key = new byte[1 + random.nextInt(3)];
                    random.nextBytes(key);
                    if (i > 0 && random.nextInt(5) == 0)
                    {
                        txn.delete(key);
                        model.remove(key);
                    }
                    else
                    {
                        final byte[] value = new byte[random.nextInt(10) == 0 ? 2000 + random.nextInt(9000) : random.nextInt(100)];
                        random.nextBytes(value);
                        txn.put(key, value);
                        model.put(key, value);
                    }
                }
                txn.commit();
            }
            history.add(model);
        }
        return history;
    }

    private static NavigableMap<byte[], byte[]> copy(final NavigableMap<byte[], byte[]> model)
    {
        final NavigableMap<byte[], byte[]> copy = TestStores.model();
        copy.putAll(model);
        return copy;
    }

    @Property(tries = 40)
    void truncatedSegmentOpensToACommittedPrefix(@ForAll final long seed, @ForAll @IntRange(min = 0, max = 1_000_000) final int cutPermille)
        throws IOException
    {
        final Path live = base.resolve("live");
        final StoreOptions options = StoreOptions.defaults().withCompaction(CompactionPolicy.off()).withSegmentSize(16 << 20).withCheckpointBytes(1L << 40);
        final List<NavigableMap<byte[], byte[]>> history;
        try (Store store = Store.open(live, options))
        {
            history = writeHistory(store, 30, seed);
            TestStores.crashImage(live, base.resolve("image"));
        }
        final Path image = base.resolve("image");
        final Path segment = image.resolve("seg-000000");
        final long written = 4096L * (2 + 30 * 8);
        final long cut = 8192 + (long)((written - 8192) * (cutPermille / 1_000_000.0));
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw"))
        {
            file.setLength(Math.min(cut, file.length()));
        }
        try (Store store = Store.open(image, options); Snapshot snap = store.snapshot())
        {
            final long txn = snap.txnId();
            assertTrue(txn >= 0 && txn <= 30, "txn " + txn);
            TestStores.assertSameContents(snap, history.get((int)txn));
            assertOnlyTheTruncationIsReported(store);
            store.put(new byte[]{42}, new byte[]{1});
        }
        try (Store store = Store.open(image, options))
        {
            assertOnlyTheTruncationIsReported(store);
        }
    }

    @Property(tries = 20)
    void damagedNewestSuperblockFallsBackToTheOtherSlot(@ForAll final long seed, @ForAll @IntRange(min = 0, max = 4095) final int flipAt)
        throws IOException
    {
        final Path dir = base.resolve("store");
        final StoreOptions options = StoreOptions.defaults().withCompaction(CompactionPolicy.off()).withCheckpointBytes(4096);
        final List<NavigableMap<byte[], byte[]>> history;
        final int newest;
        try (Store store = Store.open(dir, options))
        {
            history = writeHistory(store, 12, seed);
        }
        try (RandomAccessFile meta = new RandomAccessFile(dir.resolve("meta").toFile(), "rw"))
        {
            newest = newestSlot(meta);
            final long at = (long)newest * SuperblockLayout.SLOT_LENGTH + flipAt;
            meta.seek(at);
            final int b = meta.read();
            meta.seek(at);
            meta.write(b ^ 0x10);
        }
        try (Store store = Store.open(dir, options); Snapshot snap = store.snapshot())
        {
            assertEquals(12, snap.txnId(), "the log after the older checkpoint still holds every commit");
            TestStores.assertSameContents(snap, history.get(12));
            final VerifyReport report = store.verify();
            assertEquals(1, report.problems().size(), () -> report.problems().toString());
            assertTrue(report.problems().get(0).what().startsWith("superblock slot " + newest + " is damaged"), report.problems()::toString);
        }
        try (Store store = Store.open(dir, options))
        {
            store.put(new byte[]{1}, new byte[]{2});
            store.close();
            try (Store reopened = Store.open(dir, options))
            {
                TestStores.assertClean(reopened);
            }
        }
    }

    @Property(tries = 5)
    void bothSuperblocksDamagedIsReportedAsCorrupt(@ForAll final long seed) throws IOException
    {
        final Path dir = base.resolve("store");
        try (Store store = Store.open(dir))
        {
            writeHistory(store, 3, seed);
        }
        try (RandomAccessFile meta = new RandomAccessFile(dir.resolve("meta").toFile(), "rw"))
        {
            for (int slot = 0; slot < 2; slot++)
            {
                meta.seek((long)slot * SuperblockLayout.SLOT_LENGTH + SuperblockLayout.SEQUENCE_OFFSET);
                meta.writeLong(0x1234);
            }
        }
        final CorruptStoreException ex = assertThrows(CorruptStoreException.class, () -> Store.open(dir).close());
        assertTrue(ex.getMessage().contains("meta") && ex.getMessage().contains("no valid superblock slot"), ex.getMessage());
    }

    private static void assertOnlyTheTruncationIsReported(final Store store)
    {
        final VerifyReport report = store.verify();
        assertEquals(1, report.problems().size(), () -> report.problems().toString());
        assertTrue(report.problems().get(0).what().startsWith("segment file is truncated"), report.problems()::toString);
    }

    private static int newestSlot(final RandomAccessFile meta) throws IOException
    {
        long best = -1;
        int slot = 0;
        for (int i = 0; i < 2; i++)
        {
            final byte[] bytes = new byte[8];
            meta.seek((long)i * SuperblockLayout.SLOT_LENGTH + SuperblockLayout.SEQUENCE_OFFSET);
            meta.readFully(bytes);
            final long sequence = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            if (sequence > best)
            {
                best = sequence;
                slot = i;
            }
        }
        return slot;
    }
}
