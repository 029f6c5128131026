package io.pagekv;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.constraints.IntRange;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batches that several threads write at once ({@link Store#write(WriteBatch)}, decision 66)
 * against a model: each thread writes keys of its own, so the store must end as each thread's
 * batches applied in its order ({@code TreeMap} per thread); a reader meanwhile must never see
 * part of a batch (every batch writes its sequence number to two marker keys of its thread, and a
 * snapshot must see both equal); a batch's txn is never older than the one before it from the same
 * thread; and the reopened store holds the same and verifies clean.
 */
class WriteBatchProperties
{
    private final PropertyDirectories dirs = new PropertyDirectories();

    @AfterProperty
    void deleteDirectories()
    {
        dirs.deleteAll();
    }

    @Property(tries = 12)
    void concurrentBatchesAreEachAppliedWholeAndInTheirThreadsOrder(
        @ForAll @IntRange(min = 1, max = 6) final int threadCount,
        @ForAll @IntRange(min = 1, max = 60) final int batchesPerThread,
        @ForAll final boolean sync,
        @ForAll final long seed) throws Exception
    {
        final Path dir = dirs.create("pagekv-batches");
        final List<TreeMap<String, String>> models = new ArrayList<>();
        final ExecutorService pool = Executors.newFixedThreadPool(threadCount + 1);
        final StoreOptions options = StoreOptions.defaults().withDurability(sync ? Durability.SYNC : Durability.ASYNC);
        try (Store store = Store.open(dir, options))
        {
            final CountDownLatch start = new CountDownLatch(1);
            final CountDownLatch writersDone = new CountDownLatch(threadCount);
            final List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threadCount; t++)
            {
                final TreeMap<String, String> model = new TreeMap<>();
                models.add(model);
                final int thread = t;
                writers.add(pool.submit(() ->
                {
                    try
                    {
                        start.await();
                        writeBatches(store, thread, batchesPerThread, new SplittableRandom(seed + thread), model);
                    }
                    finally
                    {
                        writersDone.countDown();
                    }
                    return null;
                }));
            }
            final AtomicInteger torn = new AtomicInteger();
            final AtomicReference<String> tornExample = new AtomicReference<>();
            final Future<?> reader = pool.submit(() ->
            {
                while (writersDone.getCount() > 0)
                {
                    try (Snapshot snapshot = store.snapshot())
                    {
                        for (int t = 0; t < threadCount; t++)
                        {
                            final String x = text(snapshot.get(b(t + "/x")));
                            final String y = text(snapshot.get(b(t + "/y")));
                            if (x == null ? y != null : !x.equals(y))
                            {
                                torn.incrementAndGet();
                                tornExample.set("thread " + t + ": x " + x + ", y " + y + " at txn " + snapshot.txnId());
                            }
                        }
                    }
                }
                return null;
            });
            start.countDown();
            for (final Future<?> writer : writers)
            {
                writer.get(120, TimeUnit.SECONDS);
            }
            reader.get(120, TimeUnit.SECONDS);
            assertEquals(0, torn.get(), () -> "snapshots that saw part of a batch, e.g. " + tornExample.get());
            assertEquals(merged(models), stored(store), "the store after the writes");
        }
        finally
        {
            pool.shutdownNow();
        }
        try (Store store = Store.open(dir))
        {
            assertEquals(merged(models), stored(store), "the reopened store");
            assertTrue(store.verify().isClean());
        }
    }

    /** One thread's batches: random puts and deletes of its keys, then its two markers. */
    private static void writeBatches(
        final Store store, final int thread, final int batches, final SplittableRandom random, final TreeMap<String, String> model)
    {
        long lastTxn = -1;
        final WriteBatch batch = new WriteBatch();
        for (int i = 0; i < batches; i++)
        {
            batch.clear();
            final TreeMap<String, String> next = new TreeMap<>(model);
            final int changes = random.nextInt(0, 12);
            for (int c = 0; c < changes; c++)
            {
                final String key = thread + "/k" + random.nextInt(0, 24);
                if (random.nextInt(4) == 0)
                {
                    batch.delete(b(key));
                    next.remove(key);
                }
                else
                {
                    // Now and then a value larger than a page, stored as an overflow run.
                    final String value = i + ":" + c + "-".repeat(random.nextInt(10) == 0 ? 5000 : random.nextInt(0, 40));
                    batch.put(b(key), b(value));
                    next.put(key, value);
                }
            }
            batch.put(b(thread + "/x"), b(Integer.toString(i)));
            batch.put(b(thread + "/y"), b(Integer.toString(i)));
            next.put(thread + "/x", Integer.toString(i));
            next.put(thread + "/y", Integer.toString(i));
            final long txn = store.write(batch);
            assertTrue(txn > lastTxn, "thread " + thread + "'s batch " + i + " has txn " + txn + " after txn " + lastTxn);
            lastTxn = txn;
            model.clear();
            model.putAll(next);
        }
    }

    private static TreeMap<String, String> merged(final List<TreeMap<String, String>> models)
    {
        final TreeMap<String, String> all = new TreeMap<>();
        models.forEach(all::putAll);
        return all;
    }

    private static TreeMap<String, String> stored(final Store store)
    {
        final TreeMap<String, String> stored = new TreeMap<>();
        try (Snapshot snapshot = store.snapshot(); Cursor cursor = snapshot.range(null, null))
        {
            while (cursor.next())
            {
                stored.put(text(cursor.keyBytes()), text(cursor.valueBytes()));
            }
        }
        return stored;
    }

    private static byte[] b(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(final byte[] bytes)
    {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
