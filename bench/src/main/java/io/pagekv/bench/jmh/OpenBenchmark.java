package io.pagekv.bench.jmh;

import io.pagekv.bench.harness.Dataset;
import io.pagekv.bench.harness.LoadedStore;
import io.pagekv.bench.kv.KvReader;
import io.pagekv.bench.kv.KvStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.SplittableRandom;

/**
 * {@code open}: reopening a cleanly closed store of {@code n} entries and reading one random
 * key. The close after each operation is not timed.
 */
@State(Scope.Benchmark)
public class OpenBenchmark extends EngineBenchmark
{
    private final SplittableRandom random = new SplittableRandom(11);
    private LoadedStore loaded;
    private long entries;

    /**
     * Loads and closes the store.
     */
    @Setup(Level.Trial)
    public void load()
    {
        final Dataset dataset = Dataset.of(n, SMALL_VALUE, NO_CAP_MIB);
        loaded = LoadedStore.load(engine(), dataset);
        entries = dataset.entries();
    }

    /**
     * Closes the store opened by the last operation.
     */
    @TearDown(Level.Invocation)
    public void closeStore()
    {
        loaded.closeStore();
    }

    /**
     * Deletes the store.
     */
    @TearDown(Level.Trial)
    public void close()
    {
        loaded.close();
    }

    /**
     * @return the value's digest, for JMH to consume.
     */
    @Benchmark
    public long open()
    {
        final KvStore store = loaded.open();
        try (KvReader reader = store.reader())
        {
            reader.begin();
            final long digest = reader.get(random.nextLong(entries));
            reader.end();
            return digest;
        }
    }
}
