package io.pagekv.bench.jmh;

import io.pagekv.bench.harness.Dataset;
import io.pagekv.bench.harness.LoadedStore;
import io.pagekv.bench.kv.KvReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Full scans of a preloaded store in ascending key order, two ways: {@code readSeq} reads every
 * key and value byte, {@code scanTouch} one byte of each value, which leaves the engine's own
 * iteration cost in view. JMH reports scans per second, the report entries per second. Engines
 * that keep no key order fail in setup, and the report says why.
 */
@State(Scope.Benchmark)
public class ReadSeqBenchmark extends EngineBenchmark
{
    private LoadedStore loaded;
    private KvReader reader;

    /**
     * Loads the store and opens a reader.
     */
    @Setup(Level.Trial)
    public void load()
    {
        if (engine().noOrderedScan() != null)
        {
            throw new UnsupportedOperationException(engine + " cannot scan: " + engine().noOrderedScan());
        }
        loaded = LoadedStore.load(engine(), Dataset.of(n, SMALL_VALUE, NO_CAP_MIB));
        reader = loaded.open().reader();
    }

    /**
     * Deletes the store.
     */
    @TearDown(Level.Trial)
    public void close()
    {
        if (loaded != null)
        {
            reader.close();
            loaded.close();
        }
    }

    /**
     * @return the digest of every key and value byte, for JMH to consume.
     */
    @Benchmark
    public long readSeq()
    {
        reader.begin();
        try
        {
            return reader.scan();
        }
        finally
        {
            reader.end();
        }
    }

    /**
     * @return the fold of each value's first byte, for JMH to consume.
     */
    @Benchmark
    public long scanTouch()
    {
        reader.begin();
        try
        {
            return reader.scanTouch();
        }
        finally
        {
            reader.end();
        }
    }
}
