package io.pagekv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A store of 1,000,000 entries: loads in random key order, reopens without scanning the data,
 * and prints the figures (load rate, open time, bytes on disk per entry). Times are printed,
 * never asserted; the assertions are about the contents.
 */
class MillionEntriesTest
{
    private static final int N = 1_000_000;
    private static final int BATCH = 10_000;

    @TempDir
    Path dir;

    private static byte[] key(final long i)
    {
        return ByteBuffer.allocate(8).putLong(i * 0x9E3779B97F4A7C15L).array();
    }

    private static byte[] value(final long i)
    {
        final byte[] value = new byte[100];
        ByteBuffer.wrap(value).putLong(i).putLong(~i);
        return value;
    }

    @Test
    void loadReopenAndReadAMillionEntries()
    {
        final StoreOptions options = StoreOptions.defaults().withDurability(Durability.ASYNC);
        final long loadStart = System.nanoTime();
        try (Store store = Store.open(dir, options))
        {
            for (int i = 0; i < N; i += BATCH)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    for (int j = i; j < i + BATCH; j++)
                    {
                        txn.put(key(j), value(j));
                    }
                    txn.commit();
                }
            }
        }
        final long loadNanos = System.nanoTime() - loadStart;
        final long openStart = System.nanoTime();
        try (Store store = Store.open(dir, options))
        {
            final long openNanos = System.nanoTime() - openStart;
            final Random random = new Random(1);
            try (Snapshot snap = store.snapshot())
            {
                assertEquals(N, snap.count());
                for (int r = 0; r < 10_000; r++)
                {
                    final int i = random.nextInt(N);
                    assertArrayEquals(value(i), snap.get(key(i)));
                }
                assertNull(snap.get(key(N)));
            }
            final VerifyReport report = TestStores.assertClean(store);
            assertEquals(N, report.entries());
            final long bytes = report.segments().stream().mapToLong(VerifyReport.SegmentUsage::writtenPages).sum() * store.pageSize();
            final long live = report.segments().stream().mapToLong(VerifyReport.SegmentUsage::livePages).sum() * store.pageSize();
            System.out.printf("[figures] load %,d entries (100-byte values, random order, %,d per commit, ASYNC): %,.0f entries/s; " +
                "reopen: %.1f ms; pages written: %,d bytes = %.1f bytes/entry; live pages: %.1f bytes/entry%n",
                N, BATCH, N / (loadNanos / 1e9), openNanos / 1e6, bytes, (double)bytes / N, (double)live / N);
        }
    }
}
