package io.pagekv.bench.jmh;

import io.pagekv.bench.harness.Dataset;
import io.pagekv.bench.harness.StoreDir;
import io.pagekv.bench.kv.KvStore;
import io.pagekv.bench.kv.KvWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.util.SplittableRandom;

/**
 * {@code groupCommit}: N threads each committing forced transactions of their own into one store,
 * one put of a random key (of {@code n}) per transaction, N = 1, 2, 4, 8 (one method per N, named
 * {@code groupCommit} and N; the report reads N from JMH's {@code threads}). JMH reports commits per second summed over the
 * threads. An engine that groups the forces of concurrent commits scales with N; one that forces
 * each commit in turn stays near its one-thread rate. Engines that cannot force commits, or whose
 * threads cannot commit transactions of their own ({@code Engine.noConcurrentCommits()}), fail in
 * setup, and the report says why.
 */
@State(Scope.Benchmark)
public class GroupCommitBenchmark extends EngineBenchmark
{
    private static final int VALUE_POOL_ENTRIES = 1_000;

    private Dataset values;
    private StoreDir dir;
    private KvStore store;

    /**
     * Opens an empty store with forced commits.
     */
    @Setup(Level.Trial)
    public void open()
    {
        final String why = engine().noConcurrentCommits();
        if (why != null)
        {
            throw new UnsupportedOperationException(engine + " cannot run concurrent forced commits: " + why);
        }
        values = Dataset.of(VALUE_POOL_ENTRIES, SMALL_VALUE, NO_CAP_MIB);
        dir = StoreDir.create(engine);
        store = openEmpty(dir, true);
    }

    /**
     * Closes and deletes the store, after every thread's writer is closed.
     */
    @TearDown(Level.Trial)
    public void close()
    {
        if (store != null)
        {
            store.close();
            dir.close();
        }
    }

    /**
     * One thread's writer and key choice.
     */
    @State(Scope.Thread)
    public static class Committer
    {
        KvWriter writer;
        SplittableRandom random;

        /**
         * @param bench the shared store.
         */
        @Setup(Level.Trial)
        public void open(final GroupCommitBenchmark bench)
        {
            writer = bench.store.writer();
            random = new SplittableRandom(Thread.currentThread().getId());
        }

        /**
         * Releases the writer.
         */
        @TearDown(Level.Trial)
        public void close()
        {
            writer.close();
        }
    }

    private void commitOne(final Committer committer)
    {
        final long key = committer.random.nextLong(n);
        committer.writer.begin();
        committer.writer.put(key, values.value(key));
        committer.writer.commit();
    }

    /**
     * @param committer the thread's writer.
     */
    @Benchmark
    @Threads(1)
    public void groupCommit1(final Committer committer)
    {
        commitOne(committer);
    }

    /**
     * @param committer the thread's writer.
     */
    @Benchmark
    @Threads(2)
    public void groupCommit2(final Committer committer)
    {
        commitOne(committer);
    }

    /**
     * @param committer the thread's writer.
     */
    @Benchmark
    @Threads(4)
    public void groupCommit4(final Committer committer)
    {
        commitOne(committer);
    }

    /**
     * @param committer the thread's writer.
     */
    @Benchmark
    @Threads(8)
    public void groupCommit8(final Committer committer)
    {
        commitOne(committer);
    }
}
