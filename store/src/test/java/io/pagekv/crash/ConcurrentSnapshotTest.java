package io.pagekv.crash;

import io.pagekv.CompactionPolicy;
import io.pagekv.Cursor;
import io.pagekv.Durability;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.TestStores;
import io.pagekv.WriteTxn;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Battery 5, concurrency under load: one writer commits the {@link Workload} on small segments
 * (so segments keep being added) while reader threads — on the same store and on a read-only
 * store of the same directory — open and close snapshots at random, keep some open for a while,
 * and check in every snapshot: the marker names the snapshot's own commit, no group is half
 * written, the count matches a scan, and a digest of the whole contents equals the writer's
 * digest of that commit. Long-held snapshots are re-checked after the writer moved on.
 */
@Tag("crash")
class ConcurrentSnapshotTest
{
    private static final int READERS = 3;
    private static final int COMMITS_PER_STORE = 3000;

    @TempDir
    Path dir;

    private final Map<Long, Long> digests = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    @Test
    void everySnapshotSeesOneWholeCommitWhileTheWriterCommits() throws Exception
    {
        final long seed = CrashSettings.seed();
        final Summary summary = new Summary("concurrency").set("seed", seed);
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(CrashSettings.seconds());
        // Epochs of a bounded number of commits: with 64 KiB segments a store would otherwise
        // grow to thousands of segment files, each held open, and hit the open-files limit.
        for (int epoch = 0; System.nanoTime() < end && failures.isEmpty(); epoch++)
        {
            runEpoch(dir.resolve("epoch-" + epoch), new Workload(seed + epoch), seed + epoch, end, summary);
            summary.add("stores", 1);
            KillLoopTest.deleteTree(dir.resolve("epoch-" + epoch));
        }
        summary.set("result", failures.isEmpty() ? "ok" : "FAILED");
        summary.print();
        if (!failures.isEmpty())
        {
            System.out.println(CrashSettings.replay("concurrency", seed));
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures, first: " + failures.peek());
    }

    private void runEpoch(final Path dir, final Workload workload, final long seed, final long end, final Summary summary)
        throws InterruptedException
    {
        digests.clear();
        stop.set(false);
        final StoreOptions options = StoreOptions.defaults().withCompaction(CompactionPolicy.off()).withSegmentSize(64 << 10).withCheckpointBytes(256 << 10)
            .withDurability(Durability.ASYNC);
        try (Store store = Store.open(dir, options))
        {
            digests.put(0L, 0L);
            final List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < READERS; i++)
            {
                final long readerSeed = seed + i;
                threads.add(new Thread(() -> read(store, readerSeed, summary), "reader-" + i));
            }
            threads.add(new Thread(() ->
            {
                try (Store readOnly = Store.openReadOnly(dir))
                {
                    read(readOnly, seed - 1, summary);
                }
                catch (final RuntimeException ex)
                {
                    failures.add("read-only reader: " + ex);
                }
            }, "read-only-reader"));
            threads.forEach(Thread::start);
            write(store, workload, end, summary);
            for (final Thread thread : threads)
            {
                thread.join(TimeUnit.SECONDS.toMillis(60));
            }
            TestStores.assertClean(store);
            summary.add("segments", store.verify().segments().size());
        }
    }

    private void write(final Store store, final Workload workload, final long end, final Summary summary)
    {
        final NavigableMap<byte[], byte[]> model = TestStores.model();
        long digest = 0;
        try
        {
            for (int commits = 0; commits < COMMITS_PER_STORE && System.nanoTime() < end && failures.isEmpty(); commits++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    final long sequence = workload.apply(txn);
                    for (final Workload.Op op : workload.ops(sequence))
                    {
                        final byte[] old = op.value() == null ? model.remove(op.key()) : model.put(op.key(), op.value());
                        if (old != null)
                        {
                            digest ^= entryHash(op.key(), old);
                        }
                        if (op.value() != null)
                        {
                            digest ^= entryHash(op.key(), op.value());
                        }
                    }
                    // Published before the commit, so a reader that sees the commit finds its digest.
                    digests.put(sequence, digest);
                    txn.commit();
                    summary.add("commits", 1);
                }
            }
        }
        catch (final RuntimeException ex)
        {
            failures.add("writer: " + ex);
        }
        finally
        {
            stop.set(true);
        }
    }

    private void read(final Store store, final long seed, final Summary summary)
    {
        final Random random = new Random(seed);
        final List<Snapshot> held = new ArrayList<>();
        try
        {
            while (!stop.get() && failures.isEmpty())
            {
                final Snapshot snapshot = store.snapshot();
                summary.add("snapshots", 1);
                check(snapshot, random.nextInt(4) == 0, summary);
                if (random.nextInt(5) == 0 && held.size() < 8)
                {
                    held.add(snapshot);
                }
                else
                {
                    snapshot.close();
                }
                if (!held.isEmpty() && random.nextInt(6) == 0)
                {
                    final Snapshot old = held.remove(random.nextInt(held.size()));
                    check(old, true, summary);
                    summary.add("held-snapshots-rechecked", 1);
                    old.close();
                }
            }
        }
        catch (final RuntimeException | AssertionError ex)
        {
            failures.add(Thread.currentThread().getName() + ": " + ex);
        }
        finally
        {
            held.forEach(Snapshot::close);
        }
    }

    private void check(final Snapshot snapshot, final boolean full, final Summary summary)
    {
        final long txnId = Workload.sequence(snapshot::get);
        final String groups = Workload.checkGroups(snapshot::get);
        if (groups != null)
        {
            failures.add(Thread.currentThread().getName() + ": " + groups);
            return;
        }
        summary.add("invariant-checks", 1);
        if (!full)
        {
            return;
        }
        long digest = 0;
        long entries = 0;
        try (Cursor cursor = snapshot.range(null, null))
        {
            while (cursor.next())
            {
                digest ^= entryHash(cursor.keyBytes(), cursor.valueBytes());
                entries++;
            }
        }
        final Long expected = digests.get(txnId);
        if (entries != snapshot.count() || expected == null || expected != digest)
        {
            failures.add(Thread.currentThread().getName() + ": snapshot of sequence " + txnId + " holds " + entries + " entries (count says " +
                snapshot.count() + "), digest " + Long.toHexString(digest) + ", the writer's " + (expected == null ? "none" : Long.toHexString(expected)));
            return;
        }
        summary.add("digests-compared", 1);
    }

    private static long entryHash(final byte[] key, final byte[] value)
    {
        long h = 0x9E3779B97F4A7C15L;
        for (final byte b : key)
        {
            h = (h ^ b) * 0x100000001B3L;
        }
        h = Long.rotateLeft(h, 31) * 0xC2B2AE3D27D4EB4FL;
        for (final byte b : value)
        {
            h = (h ^ b) * 0x100000001B3L;
        }
        return h ^ (h >>> 29) ^ value.length;
    }
}
