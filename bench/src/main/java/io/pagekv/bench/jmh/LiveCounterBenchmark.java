package io.pagekv.bench.jmh;

import io.pagekv.Durability;
import io.pagekv.LiveCounters;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.bench.harness.StoreDir;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The live counters: a writer committing small puts ({@code Durability.ASYNC}) alone, and the same
 * writer while another thread reads every counter through the lock file's mapping as a watcher
 * in another process does ({@code LiveCounters}, read-only, no lock). The difference between the
 * two writer scores is what being watched costs the writer; {@code watched:read} is the reader's
 * rate. The counter updates themselves are part of every commit in both.
 */
@State(Scope.Group)
public class LiveCounterBenchmark extends ForkedBenchmark
{
    private StoreDir dir;
    private Store store;
    private LiveCounters counters;
    private long next;

    /** Opens the store and the watcher's mapping. */
    @Setup(Level.Trial)
    public void open()
    {
        dir = StoreDir.create("counters");
        store = Store.open(dir.path().resolve("store"), StoreOptions.defaults().withDurability(Durability.ASYNC));
        counters = LiveCounters.open(store.dir());
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void close()
    {
        counters.close();
        store.close();
        dir.close();
    }

    private void put()
    {
        final long n = next++;
        store.put(new byte[] {(byte)(n >>> 8), (byte)n}, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    }

    /** A commit, nobody watching. */
    @Benchmark
    @Group("alone")
    @GroupThreads(1)
    public void commit()
    {
        put();
    }

    /** A commit while {@link #read} runs on another thread. */
    @Benchmark
    @Group("watched")
    @GroupThreads(1)
    public void commitWatched()
    {
        put();
    }

    /** @return the sum of every counter, for JMH to consume. */
    @Benchmark
    @Group("watched")
    @GroupThreads(1)
    public long read()
    {
        long sum = 0;
        for (final LiveCounters.Counter counter : counters.read())
        {
            sum += counter.value();
        }
        return sum;
    }
}
