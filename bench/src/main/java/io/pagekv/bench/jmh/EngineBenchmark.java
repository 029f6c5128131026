package io.pagekv.bench.jmh;

import io.pagekv.bench.harness.StoreDir;
import io.pagekv.bench.kv.Engine;
import io.pagekv.bench.kv.KvStore;
import io.pagekv.bench.kv.StoreSpec;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A workload run once per engine, on {@code n} entries.
 */
@State(Scope.Benchmark)
public abstract class EngineBenchmark extends ForkedBenchmark
{
    /** The engine's id, see {@link Engine#id()}. */
    @Param({"pagekv", "lmdbjava", "mvstore", "mapdb", "chronicle-map", "rocksdb"})
    public String engine;

    /** Entries in the store (capped for large values by the data budget). */
    @Param("1000000")
    public int n;

    /** Bytes per value where a workload does not vary it. */
    protected static final int SMALL_VALUE = 100;
    /** Data budget where a workload does not vary the value size: never the cap for small values. */
    protected static final int NO_CAP_MIB = 1 << 20;

    /**
     * @return the engine named by {@link #engine}.
     */
    protected Engine engine()
    {
        return Engine.byId(engine);
    }

    /**
     * Opens an empty store of the engine for {@code n} entries of {@value #SMALL_VALUE} B.
     *
     * @param dir  the store's new directory; deleted if the engine cannot open a store.
     * @param sync whether each commit is forced.
     * @return the open store.
     */
    protected KvStore openEmpty(final StoreDir dir, final boolean sync)
    {
        try
        {
            return engine().open(dir.path(), new StoreSpec(n, SMALL_VALUE, sync));
        }
        catch (final RuntimeException ex)
        {
            dir.close();
            throw ex;
        }
    }
}
