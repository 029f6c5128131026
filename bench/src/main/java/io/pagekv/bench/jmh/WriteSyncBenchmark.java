package io.pagekv.bench.jmh;

import io.pagekv.bench.harness.Dataset;
import io.pagekv.bench.harness.ForcedPuts;
import io.pagekv.bench.harness.StoreDir;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.SplittableRandom;

/**
 * {@code writeSync}: one put of a random key (of {@code n}) and a commit forced to disk per
 * operation. Engines that cannot force a commit fail in setup, and the report says why.
 */
@State(Scope.Benchmark)
public class WriteSyncBenchmark extends EngineBenchmark
{
    private static final int VALUE_POOL_ENTRIES = 1_000;

    private final SplittableRandom random = new SplittableRandom(7);
    private Dataset values;
    private ForcedPuts puts;

    /**
     * Opens an empty store with forced commits.
     */
    @Setup(Level.Trial)
    public void open()
    {
        values = Dataset.of(VALUE_POOL_ENTRIES, SMALL_VALUE, NO_CAP_MIB);
        final StoreDir dir = StoreDir.create(engine);
        puts = new ForcedPuts(dir, openEmpty(dir, true));
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
     * Puts one entry and forces the commit.
     */
    @Benchmark
    public void writeSync()
    {
        final long key = random.nextLong(n);
        puts.put(key, values.value(key));
    }
}
