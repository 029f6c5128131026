package io.pagekv;

import io.pagekv.format.StoreFileNames;
import io.pagekv.io.FileIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unforced commits ({@code Durability.ASYNC}) are forced in the background (decision 53): the
 * writer goes on committing while a background force runs, a failed background force poisons the
 * store like any failed force, and close ends the background thread. A segment roll checkpoints
 * the commit its force covered, so the writer never forces the new segment for it.
 */
class BackgroundFlushTest
{
    private static final String FLUSHER = "pagekv-log-flusher";
    /** 1 MiB segments: a background force every 256 KiB of log, and no roll in these tests. */
    private static final long SEGMENT = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void theWriterCommitsOnWhileABackgroundForceRunsAndNeverForcesItself() throws Exception
    {
        final SeamedForces io = new SeamedForces();
        final TreeMap<Integer, Integer> model = new TreeMap<>();
        try (Store store = Store.open(dir, options(io)))
        {
            io.start(false);
            int key = 0;
            // 8 KiB per commit (a leaf and the record): the background force is asked for within 40 commits.
            while (!io.reached.await(0, TimeUnit.SECONDS) && key < 40)
            {
                put(store, model, key++);
            }
            assertTrue(io.reached.await(10, TimeUnit.SECONDS), "no background force after " + key + " commits");
            // The background force is held: commits go on without waiting for it.
            final int heldAt = key;
            for (int i = 0; i < 20; i++)
            {
                put(store, model, key++);
            }
            assertEquals(heldAt + 20, key);
            assertEquals(0, io.writerForces.get(), "the writer forced while a background force was held");
            io.release();
        }
        assertFalse(flusherAlive(), "the background thread outlived close");
        try (Store store = Store.open(dir))
        {
            for (final var entry : model.entrySet())
            {
                assertArrayEquals(value(entry.getValue()), store.get(key(entry.getKey())));
            }
        }
    }

    @Test
    void aFailedBackgroundForcePoisonsTheStoreAndCloseSaysWhatMayBeLost() throws Exception
    {
        final SeamedForces io = new SeamedForces();
        final Store store = Store.open(dir, options(io));
        io.start(true);
        int key = 0;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        StorePoisonedException poisoned = null;
        while (poisoned == null && System.nanoTime() < deadline)
        {
            try
            {
                store.put(key(key), value(key));
                key++;
            }
            catch (final StorePoisonedException ex)
            {
                poisoned = ex;
            }
        }
        assertTrue(poisoned != null, "no commit failed after the background force failed (" + key + " commits)");
        assertTrue(poisoned.getMessage().contains("background force"), poisoned.getMessage());
        final StorePoisonedException atClose = assertThrows(StorePoisonedException.class, store::close);
        assertTrue(atClose.getMessage().contains("may not be durable"), atClose.getMessage());
        assertFalse(flusherAlive(), "the background thread outlived close");
    }

    /**
     * A segment roll forces the full segment (the later segment is proof of that force) and
     * checkpoints its last commit, which that force covered: the writer forces the new segment
     * only for its header, never for the checkpoint (that would force the first commit there).
     */
    @Test
    void aRollCheckpointsTheFullSegmentsLastCommitWithoutForcingTheNewSegment() throws Exception
    {
        final SeamedForces io = new SeamedForces();
        final StoreOptions options = FileSeam.with(StoreOptions.defaults().withDurability(Durability.ASYNC).withSegmentSize(64 << 10)
            .withCheckpointBytes(1L << 30).withCompaction(CompactionPolicy.off()), io);
        final TreeMap<Integer, Integer> model = new TreeMap<>();
        int rolls = 0;
        try (Store store = Store.open(dir, options))
        {
            io.start(false);
            io.release();
            for (int key = 0; rolls < 3 && key < 200; key++)
            {
                final int segmentsBefore = segments().size();
                final long txnBefore = store.info().lastTxnId();
                put(store, model, key);
                final java.util.List<Path> after = segments();
                if (after.size() == segmentsBefore)
                {
                    continue;
                }
                rolls++;
                assertEquals(txnBefore, store.info().checkpointTxnId(), "the roll's checkpoint names the full segment's last commit");
                assertEquals(1, io.writerForcesOf(after.get(segmentsBefore)), "forces of the new segment by the writer (its header only)");
            }
        }
        assertEquals(3, rolls, "rolls");
        try (Store store = Store.open(dir))
        {
            for (final var entry : model.entrySet())
            {
                assertArrayEquals(value(entry.getValue()), store.get(key(entry.getKey())));
            }
            assertTrue(store.verify().isClean());
        }
    }

    /** @return the store's segment files, in log order. */
    private java.util.List<Path> segments() throws IOException
    {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir))
        {
            return files.filter(file -> file.getFileName().toString().startsWith(StoreFileNames.SEGMENT_PREFIX)).sorted().toList();
        }
    }

    private StoreOptions options(final FileIO io)
    {
        return FileSeam.with(StoreOptions.defaults().withDurability(Durability.ASYNC).withSegmentSize(SEGMENT)
            .withCheckpointBytes(1L << 30).withCompaction(CompactionPolicy.off()), io);
    }

    private static void put(final Store store, final TreeMap<Integer, Integer> model, final int key)
    {
        store.put(key(key), value(key));
        model.put(key, key);
    }

    private static byte[] key(final int key)
    {
        return new byte[] {(byte)(key >>> 8), (byte)key};
    }

    private static byte[] value(final int key)
    {
        final byte[] value = new byte[3000];
        java.util.Arrays.fill(value, (byte)key);
        return value;
    }

    private boolean flusherAlive()
    {
        final String name = FLUSHER + " " + dir;
        return Thread.getAllStackTraces().keySet().stream().anyMatch(thread -> thread.getName().equals(name) && thread.isAlive());
    }

    /**
     * Counts segment forces of the writer thread, and holds or fails those of the background
     * thread once {@link #start} was called.
     */
    private static final class SeamedForces extends SegmentForceSeam
    {
        final AtomicInteger writerForces = new AtomicInteger();
        private final java.util.Map<Path, AtomicInteger> writerForcesByFile = new java.util.concurrent.ConcurrentHashMap<>();
        final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch held = new CountDownLatch(1);
        private volatile boolean started;
        private volatile boolean fail;
        private volatile Thread writer;

        void start(final boolean failBackground)
        {
            fail = failBackground;
            writer = Thread.currentThread();
            started = true;
        }

        int writerForcesOf(final Path segment)
        {
            final AtomicInteger forces = writerForcesByFile.get(segment.toAbsolutePath());
            return forces == null ? 0 : forces.get();
        }

        void release()
        {
            held.countDown();
        }

        @Override
        protected void beforeForce(final Path segment) throws IOException
        {
            if (started && Thread.currentThread() == writer)
            {
                writerForces.incrementAndGet();
                writerForcesByFile.computeIfAbsent(segment.toAbsolutePath(), any -> new AtomicInteger()).incrementAndGet();
            }
            else if (started && Thread.currentThread().getName().startsWith(FLUSHER))
            {
                reached.countDown();
                if (fail)
                {
                    throw new IOException("injected: background force failed");
                }
                hold(held);
            }
        }
    }
}
