package io.pagekv.bench.jmh;

import io.pagekv.bench.harness.Dataset;
import io.pagekv.bench.harness.ForcedPuts;
import io.pagekv.bench.harness.Loader;
import io.pagekv.bench.harness.StoreDir;
import io.pagekv.bench.kv.KvStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.SplittableRandom;

/**
 * {@code writeSyncLoaded}: {@code writeSync} on a full store. The store is first loaded with
 * {@code n} entries of {@value #SMALL_VALUE} B as {@code writeBatch} loads them (random order, 10k
 * per commit, each commit forced); then each operation puts a new value for a random key of the
 * store and forces the commit. {@code writeSync} starts from an empty store, which grows through
 * the run; here every put replaces a value, so an engine that reclaims the space of replaced pages
 * (pagekv's automatic compaction) pays for it in the measured commits. Not in the report's
 * profiles: run it by name.
 */
@State(Scope.Benchmark)
public class LoadedWriteSyncBenchmark extends EngineBenchmark
{
    private final SplittableRandom random = new SplittableRandom(7);
    private Dataset dataset;
    private ForcedPuts puts;

    /**
     * Opens a store with forced commits and loads it.
     */
    @Setup(Level.Trial)
    public void load()
    {
        dataset = Dataset.of(n, SMALL_VALUE, NO_CAP_MIB);
        final StoreDir dir = StoreDir.create(engine);
        final KvStore store = openEmpty(dir, true);
        Loader.load(store, dataset);
        puts = new ForcedPuts(dir, store);
    }

    /**
     * Closes and deletes the store.
     */
    @TearDown(Level.Trial)
    public void close()
    {
        if (puts != null)
        {
            puts.close();
        }
    }

    /**
     * Replaces the value of one key of the store with another value and forces the commit.
     */
    @Benchmark
    public void writeSyncLoaded()
    {
        final long key = random.nextInt(dataset.entries());
        puts.put(key, dataset.value(key + 1));
    }
}
