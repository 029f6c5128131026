package io.pagekv.bench.jmh;

import io.pagekv.bench.harness.Dataset;
import io.pagekv.bench.harness.Footprint;
import io.pagekv.bench.harness.Loader;
import io.pagekv.bench.harness.MetricsLog;
import io.pagekv.bench.harness.PagekvCompactor;
import io.pagekv.bench.harness.StoreDir;
import io.pagekv.bench.kv.Engine;
import io.pagekv.bench.kv.KvStore;
import io.pagekv.bench.kv.StoreSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * {@code writeBatch}: loading a data set into an empty store in random key order,
 * {@value Loader#ENTRIES_PER_COMMIT} entries per commit, commits not forced. One invocation is
 * one whole load, timed once (JMH reports time per load, the report entries per second). After
 * each load: peak heap during it, live heap with the store open, bytes on disk per entry after
 * a clean close, and for pagekv also after {@code Store.compact()}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
public class WriteBatchBenchmark extends EngineBenchmark
{
    /** Bytes per value. */
    @Param({"100", "8192", "1048576"})
    public int valueSize;

    /** Data budget, MiB: caps the entries of large values. */
    @Param("1024")
    public int dataMiB;

    private Dataset dataset;
    private StoreDir dir;
    private KvStore store;

    /**
     * Builds the data set once.
     */
    @Setup(Level.Trial)
    public void prepare()
    {
        dataset = Dataset.of(n, valueSize, dataMiB);
    }

    /**
     * Opens an empty store.
     */
    @Setup(Level.Iteration)
    public void openEmpty()
    {
        dir = StoreDir.create(engine);
        store = engine().open(dir.path(), new StoreSpec(dataset.entries(), valueSize, false));
        Footprint.resetPeakHeap();
    }

    /**
     * Records the footprint, closes and deletes the store.
     */
    @TearDown(Level.Iteration)
    public void closeLoaded()
    {
        try
        {
            MetricsLog.record("writeBatch", engine, valueSize, n, MetricsLog.PEAK_HEAP_MIB, Footprint.peakHeapMiB());
            MetricsLog.record("writeBatch", engine, valueSize, n, MetricsLog.LIVE_HEAP_MIB, Footprint.liveHeapMiB());
            store.close();
            MetricsLog.record("writeBatch", engine, valueSize, n, MetricsLog.DISK_BYTES_PER_ENTRY,
                (double)Footprint.diskBytes(dir.path()) / dataset.entries());
            if (engine() == Engine.PAGEKV)
            {
                PagekvCompactor.compact(dir.path());
                MetricsLog.record("writeBatch", engine, valueSize, n, MetricsLog.DISK_BYTES_PER_ENTRY_COMPACTED,
                    (double)Footprint.diskBytes(dir.path()) / dataset.entries());
            }
        }
        finally
        {
            dir.close();
        }
    }

    /**
     * Loads every entry.
     */
    @Benchmark
    public void writeBatch()
    {
        Loader.load(store, dataset);
    }
}
