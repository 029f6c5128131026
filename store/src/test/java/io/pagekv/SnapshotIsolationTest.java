package io.pagekv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readers holding snapshots while a writer commits see exactly their snapshot: transfers between
 * accounts keep the total constant in every snapshot, and a snapshot read twice reads the same.
 */
class SnapshotIsolationTest
{
    private static final int ACCOUNTS = 500;
    private static final long INITIAL = 1_000;

    @TempDir
    Path dir;

    private static byte[] account(final int i)
    {
        return ByteBuffer.allocate(4).putInt(i).array();
    }

    private static byte[] amount(final long v)
    {
        // Padding makes the tree several levels deep, so commits rewrite branch pages too.
        return ByteBuffer.allocate(120).putLong(v).array();
    }

    @Test
    void transfersKeepTheTotalInEverySnapshot() throws InterruptedException
    {
        final StoreOptions options = StoreOptions.defaults().withDurability(Durability.ASYNC).withSegmentSize(256 << 10);
        try (Store store = Store.open(dir, options))
        {
            try (WriteTxn txn = store.beginWrite())
            {
                for (int i = 0; i < ACCOUNTS; i++)
                {
                    txn.put(account(i), amount(INITIAL));
                }
                txn.commit();
            }
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final AtomicLong snapshotsChecked = new AtomicLong();
            final ConcurrentHashMap<Long, Long> seenTxns = new ConcurrentHashMap<>();
            final List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++)
            {
                final Thread reader = new Thread(() ->
                {
                    try
                    {
                        while (!stop.get())
                        {
                            try (Snapshot snap = store.snapshot())
                            {
                                final long first = total(snap);
                                assertEquals(ACCOUNTS * INITIAL, first, "total in snapshot of txn " + snap.txnId());
                                Thread.yield();
                                assertEquals(first, total(snap), "a snapshot changed under its reader");
                                seenTxns.put(snap.txnId(), first);
                                snapshotsChecked.incrementAndGet();
                            }
                        }
                    }
                    catch (final Throwable t)
                    {
                        failure.compareAndSet(null, t);
                    }
                });
                reader.start();
                readers.add(reader);
            }
            final Random random = new Random(7);
            for (int t = 0; t < 1_500; t++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    for (int k = 0; k < 4; k++)
                    {
                        final int from = random.nextInt(ACCOUNTS);
                        final int to = random.nextInt(ACCOUNTS);
                        final long moved = random.nextInt(50);
                        txn.put(account(from), amount(balance(txn.get(account(from))) - moved));
                        txn.put(account(to), amount(balance(txn.get(account(to))) + moved));
                    }
                    txn.commit();
                }
            }
            stop.set(true);
            for (final Thread reader : readers)
            {
                reader.join();
            }
            assertNull(failure.get(), () -> "reader failed: " + failure.get());
            assertTrue(seenTxns.size() > 10, "readers saw only " + seenTxns.size() + " distinct commits");
            System.out.println("[isolation] snapshots checked=" + snapshotsChecked.get() + " distinct commits seen=" + seenTxns.size());
            TestStores.assertClean(store);
        }
    }

    private static long balance(final byte[] value)
    {
        return ByteBuffer.wrap(value).getLong();
    }

    private static long total(final Snapshot snap)
    {
        long sum = 0;
        int n = 0;
        try (Cursor cursor = snap.range(null, null))
        {
            while (cursor.next())
            {
                sum += cursor.value().getLong(0, java.nio.ByteOrder.BIG_ENDIAN);
                n++;
            }
        }
        assertEquals(ACCOUNTS, n);
        return sum;
    }
}
