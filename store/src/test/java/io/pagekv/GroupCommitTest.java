package io.pagekv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Group commit (decision 40): a forced commit is appended under the writer lock and forced after
 * it, so that other threads append while a force runs and then share the next force; readers see
 * a commit only once it is durable. A seam holds a segment force until the test releases it, so
 * the interleaving is fixed, not left to timing.
 */
class GroupCommitTest
{
    @TempDir
    Path dir;

    @Test
    void threadsThatCommitWhileAForceRunsShareTheNextForceAndReadersWaitForIt() throws Exception
    {
        final HeldForces io = new HeldForces();
        final StoreOptions options = heldForceOptions(io);
        final ExecutorService threads = Executors.newFixedThreadPool(3);
        try (Store store = Store.open(dir, options))
        {
            final long before = store.info().lastTxnId();
            io.hold();
            final Future<?> first = threads.submit(() -> commitOne(store, "a", "1"));
            assertTrue(io.awaitHeld(), "the first commit never reached its force");
            // The first commit is written but not forced: nobody reads it yet.
            assertNull(store.get(bytes("a")));
            try (Snapshot snapshot = store.snapshot())
            {
                assertEquals(before, snapshot.txnId());
            }
            // The writer lock is free: two more threads commit while the force is held.
            final Future<?> second = threads.submit(() -> commitOne(store, "b", "2"));
            final Future<?> third = threads.submit(() -> commitOne(store, "c", "3"));
            awaitAppended(store, "a", "b", "c");
            assertNull(store.get(bytes("b")));
            assertEquals(1, io.forces.get(), "only the held force has started");
            io.release();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            third.get(10, TimeUnit.SECONDS);
            // The held force covered the first commit only; one more covered the other two.
            assertEquals(2, io.forces.get(), "forces of three commits");
            assertArrayEquals(bytes("3"), store.get(bytes("c")));
            assertEquals(before + 3, store.info().lastTxnId());
        }
        finally
        {
            threads.shutdownNow();
        }
        try (Store store = Store.open(dir))
        {
            for (final String key : new String[] {"a", "b", "c"})
            {
                assertTrue(store.get(bytes(key)) != null, key + " lost");
            }
            assertTrue(store.verify().isClean());
        }
    }

    @Test
    void concurrentForcedCommitsAreAllKeptAndEachIsAtomic() throws Exception
    {
        final HeldForces io = new HeldForces();
        final StoreOptions options = FileSeam.with(StoreOptions.defaults().withDurability(Durability.SYNC), io);
        final int threadCount = 8;
        final int commitsPerThread = 60;
        final TreeMap<String, String> model = new TreeMap<>();
        final ExecutorService threads = Executors.newFixedThreadPool(threadCount + 1);
        try (Store store = Store.open(dir, options))
        {
            final CountDownLatch done = new CountDownLatch(threadCount);
            final AtomicInteger torn = new AtomicInteger();
            for (int t = 0; t < threadCount; t++)
            {
                final int thread = t;
                threads.submit(() ->
                {
                    try
                    {
                        for (int i = 0; i < commitsPerThread; i++)
                        {
                            try (WriteTxn txn = store.beginWrite())
                            {
                                // Two keys per commit, always written together.
                                txn.put(bytes("t" + thread + "-x"), bytes(Integer.toString(i)));
                                txn.put(bytes("t" + thread + "-y"), bytes(Integer.toString(i)));
                                txn.commit();
                            }
                        }
                    }
                    finally
                    {
                        done.countDown();
                    }
                    return null;
                });
                model.put("t" + thread + "-x", Integer.toString(commitsPerThread - 1));
                model.put("t" + thread + "-y", Integer.toString(commitsPerThread - 1));
            }
            // A reader meanwhile: every snapshot sees both keys of a thread's commit or neither.
            threads.submit(() ->
            {
                while (done.getCount() > 0)
                {
                    try (Snapshot snapshot = store.snapshot())
                    {
                        for (int t = 0; t < threadCount; t++)
                        {
                            final byte[] x = snapshot.get(bytes("t" + t + "-x"));
                            final byte[] y = snapshot.get(bytes("t" + t + "-y"));
                            if (x == null ? y != null : y == null || !new String(x, StandardCharsets.UTF_8).equals(new String(y, StandardCharsets.UTF_8)))
                            {
                                torn.incrementAndGet();
                            }
                        }
                    }
                }
                return null;
            });
            assertTrue(done.await(60, TimeUnit.SECONDS), "writers did not finish");
            assertEquals(0, torn.get(), "snapshots that saw half a commit");
            assertTrue(io.forces.get() <= threadCount * commitsPerThread, "more forces than commits");
        }
        finally
        {
            threads.shutdownNow();
        }
        try (Store store = Store.open(dir))
        {
            final TreeMap<String, String> stored = new TreeMap<>();
            try (Snapshot snapshot = store.snapshot(); Cursor cursor = snapshot.range(null, null))
            {
                while (cursor.next())
                {
                    stored.put(new String(cursor.keyBytes(), StandardCharsets.UTF_8), new String(cursor.valueBytes(), StandardCharsets.UTF_8));
                }
            }
            assertEquals(model, stored);
            assertTrue(store.verify().isClean());
        }
    }

    @Test
    void batchesQueuedWhileAGroupsForceRunsMakeTheNextGroupOneCommitAndOneForce() throws Exception
    {
        final HeldForces io = new HeldForces();
        final StoreOptions options = heldForceOptions(io);
        final ExecutorService threads = Executors.newFixedThreadPool(3);
        // Without the hooks other tests register for every store: with an audit hook each batch commits alone.
        try (Store store = Store.open(dir, options, false))
        {
            final long before = store.info().lastTxnId();
            io.hold();
            final Future<Long> first = threads.submit(() -> store.write(new WriteBatch().put(bytes("a"), bytes("1"))));
            assertTrue(io.awaitHeld(), "the first batch never reached its force");
            final Future<Long> second = threads.submit(() -> store.write(new WriteBatch().put(bytes("b"), bytes("2")).put(bytes("b2"), bytes("2"))));
            final Future<Long> third = threads.submit(() -> store.write(new WriteBatch().put(bytes("c"), bytes("3")).delete(bytes("a"))));
            awaitQueued(store, 2);
            // The first group holds the lead through its force: the others wait, unwritten and unseen.
            try (WriteTxn txn = store.beginWrite())
            {
                // A transaction begins on the appended head: the first batch only.
                assertEquals(before + 2, txn.txnId());
                assertArrayEquals(bytes("1"), txn.get(bytes("a")));
                assertNull(txn.get(bytes("b")), "queued batches are not appended while the lead is held");
            }
            assertNull(store.get(bytes("a")), "readers wait for the force");
            io.release();
            assertEquals(before + 1, first.get(10, TimeUnit.SECONDS));
            final long secondTxn = second.get(10, TimeUnit.SECONDS);
            assertEquals(before + 2, secondTxn, "the queued batches share the next commit");
            assertEquals(secondTxn, third.get(10, TimeUnit.SECONDS));
            assertEquals(2, io.forces.get(), "one force per group");
            assertArrayEquals(bytes("2"), store.get(bytes("b2")));
            assertArrayEquals(bytes("3"), store.get(bytes("c")));
        }
        finally
        {
            threads.shutdownNow();
        }
        try (Store store = Store.open(dir))
        {
            assertArrayEquals(bytes("2"), store.get(bytes("b")));
            assertArrayEquals(bytes("3"), store.get(bytes("c")));
            assertTrue(store.verify().isClean());
        }
    }

    @Test
    void aBatchThatCannotBeAppliedFailsAloneAndTheRestOfItsGroupCommits() throws Exception
    {
        final StoreOptions plain = StoreOptions.defaults().withCompaction(CompactionPolicy.off());
        try (Store store = Store.open(dir, plain, false))
        {
            final WriteBatch batch = new WriteBatch();
            for (int i = 0; i < 2000; i++)
            {
                batch.put(bytes(String.format("k%04d", i)), new byte[100]);
            }
            store.write(batch);
        }
        damageLeafOf(dir, bytes("k0100"));
        final HeldForces io = new HeldForces();
        final StoreOptions options = FileSeam.with(plain.withDurability(Durability.SYNC), io);
        final ExecutorService threads = Executors.newFixedThreadPool(3);
        try (Store store = Store.open(dir, options, false))
        {
            io.hold();
            final Future<Long> first = threads.submit(() -> store.write(new WriteBatch().put(bytes("k1900"), bytes("1"))));
            assertTrue(io.awaitHeld(), "the first batch never reached its force");
            final Future<Long> damaged = threads.submit(() -> store.write(new WriteBatch().put(bytes("k1500"), bytes("2")).put(bytes("k0100"), bytes("2"))));
            final Future<Long> intact = threads.submit(() -> store.write(new WriteBatch().put(bytes("k1000"), bytes("3"))));
            awaitQueued(store, 2);
            io.release();
            first.get(10, TimeUnit.SECONDS);
            final ExecutionException failed = assertThrows(ExecutionException.class, () -> damaged.get(10, TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof CorruptStoreException, () -> "the damaged leaf's batch failed with " + failed.getCause());
            intact.get(10, TimeUnit.SECONDS);
            assertArrayEquals(bytes("3"), store.get(bytes("k1000")), "the intact batch of the group was committed");
            assertArrayEquals(new byte[100], store.get(bytes("k1500")), "nothing of the failed batch was written");
        }
        finally
        {
            threads.shutdownNow();
        }
    }

    @Test
    void aGroupTakesNoMoreValueBytesThanItsBoundUnlessOneBatchAloneIsLarger() throws Exception
    {
        final HeldForces io = new HeldForces();
        final StoreOptions options = heldForceOptions(io);
        final int large = (int) (BatchCombiner.MAX_GROUP_VALUE_BYTES * 3 / 5);
        final ExecutorService threads = Executors.newFixedThreadPool(3);
        try (Store store = Store.open(dir, options, false))
        {
            io.hold();
            final Future<Long> first = threads.submit(() -> store.write(new WriteBatch().put(bytes("a"), bytes("1"))));
            assertTrue(io.awaitHeld(), "the first batch never reached its force");
            final Future<Long> second = threads.submit(() -> store.write(new WriteBatch().put(bytes("b"), new byte[large])));
            awaitQueued(store, 1);
            final Future<Long> third = threads.submit(() -> store.write(new WriteBatch().put(bytes("c"), new byte[large])));
            awaitQueued(store, 2);
            io.release();
            final long firstTxn = first.get(10, TimeUnit.SECONDS);
            // Together the two would pass the bound: each is a commit of its own, in the order they queued.
            assertEquals(firstTxn + 1, second.get(10, TimeUnit.SECONDS));
            assertEquals(firstTxn + 2, third.get(10, TimeUnit.SECONDS));
            assertEquals(large, store.get(bytes("c")).length);
        }
        finally
        {
            threads.shutdownNow();
        }
    }

    /** Flips bytes in the middle of the newest leaf page that holds {@code key}, with the store closed. */
    private static void damageLeafOf(final Path dir, final byte[] key) throws IOException
    {
        PageSummary newest = null;
        final int pageSize;
        try (Store store = Store.open(dir, StoreOptions.defaults(), false))
        {
            final PageInspector inspector = store.inspect();
            pageSize = inspector.pageSize();
            for (final PageSummary page : inspector.pages())
            {
                if (page.type() == io.pagekv.format.PageType.LEAF && (newest == null || page.txnId() > newest.txnId()) &&
                    inspector.page(page.pageId()).entries().stream().anyMatch(entry -> java.util.Arrays.equals(entry.key(), key)))
                {
                    newest = page;
                }
            }
        }
        assertTrue(newest != null, "no leaf holds the key");
        final long at = (long) newest.index() * pageSize + pageSize / 2;
        DamageFixtures.flipBit(DamageFixtures.segment(dir, newest.segment()), at, 3);
        DamageFixtures.flipBit(DamageFixtures.segment(dir, newest.segment()), at + 1, 5);
    }

    /** Forced commits through a seam that can hold a force; no compaction and no checkpoint to add forces of their own. */
    private static StoreOptions heldForceOptions(final HeldForces io)
    {
        return FileSeam.with(StoreOptions.defaults().withDurability(Durability.SYNC)
            .withCompaction(CompactionPolicy.off()).withCheckpointBytes(1L << 30), io);
    }

    /** Waits until {@code count} batches wait for a leader. */
    private static void awaitQueued(final Store store, final int count) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.queuedBatches() < count)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("the batch writers did not queue while a force was held");
            }
            Thread.sleep(1);
        }
    }

    /** A transaction of one put ({@code Store.put} writes a batch instead). */
    private static void commitOne(final Store store, final String key, final String value)
    {
        try (WriteTxn txn = store.beginWrite())
        {
            txn.put(bytes(key), bytes(value));
            txn.commit();
        }
    }

    /** Polls with a write transaction of its own, which begins on the newest appended commit. */
    private static void awaitAppended(final Store store, final String... keys) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline)
        {
            try (WriteTxn txn = store.beginWrite())
            {
                boolean all = true;
                for (final String key : keys)
                {
                    all &= txn.get(bytes(key)) != null;
                }
                if (all)
                {
                    return;
                }
            }
            Thread.sleep(1);
        }
        throw new AssertionError("commits were not appended while a force was held");
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Counts the forces of segment files, and can hold the next one until released. */
    private static final class HeldForces extends SegmentForceSeam
    {
        final AtomicInteger forces = new AtomicInteger();

        private volatile CountDownLatch held = new CountDownLatch(0);
        private volatile CountDownLatch reached = new CountDownLatch(0);

        void hold()
        {
            forces.set(0);
            reached = new CountDownLatch(1);
            held = new CountDownLatch(1);
        }

        boolean awaitHeld() throws InterruptedException
        {
            return reached.await(10, TimeUnit.SECONDS);
        }

        void release()
        {
            held.countDown();
        }

        @Override
        protected void beforeForce(final Path segment) throws IOException
        {
            forces.incrementAndGet();
            reached.countDown();
            hold(held);
        }
    }
}
