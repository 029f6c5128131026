package io.pagekv.bench.jmh;

import io.pagekv.bench.harness.Dataset;
import io.pagekv.bench.harness.Footprint;
import io.pagekv.bench.harness.LoadedStore;
import io.pagekv.bench.harness.MetricsLog;
import io.pagekv.bench.harness.RandomReads;
import io.pagekv.bench.kv.KvStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code readRandom}: point gets of uniformly random keys on a preloaded store, reported per get.
 * Records bytes on disk per entry after the load and the peak heap while reading.
 */
@State(Scope.Benchmark)
public class ReadRandomBenchmark extends EngineBenchmark
{
    /** Bytes per value. */
    @Param({"100", "8192", "1048576"})
    public int valueSize;

    /** Data budget, MiB: caps the entries of large values. */
    @Param("1024")
    public int dataMiB;

    private LoadedStore loaded;
    private KvStore store;
    private long entries;

    /**
     * Loads the store and opens it for reading.
     */
    @Setup(Level.Trial)
    public void load()
    {
        final Dataset dataset = Dataset.of(n, valueSize, dataMiB);
        loaded = LoadedStore.load(engine(), dataset);
        MetricsLog.record("readRandom", engine, valueSize, n, MetricsLog.DISK_BYTES_PER_ENTRY, loaded.diskBytesPerEntry());
        store = loaded.open();
        entries = dataset.entries();
        Footprint.resetPeakHeap();
    }

    /**
     * Records the peak heap and deletes the store.
     */
    @TearDown(Level.Trial)
    public void close()
    {
        MetricsLog.record("readRandom", engine, valueSize, n, MetricsLog.PEAK_HEAP_MIB, Footprint.peakHeapMiB());
        loaded.close();
    }

    /**
     * One reading thread's reader.
     */
    @State(Scope.Thread)
    public static class Reading
    {
        RandomReads reads;

        /**
         * @param bench the loaded store.
         */
        @Setup(Level.Trial)
        public void open(final ReadRandomBenchmark bench)
        {
            reads = new RandomReads(bench.store, bench.entries, Thread.currentThread().getId());
        }

        /**
         * Releases the reader.
         */
        @TearDown(Level.Trial)
        public void close()
        {
            reads.close();
        }
    }

    /**
     * @param reading this thread's reader.
     * @return the folded digests, for JMH to consume.
     */
    @Benchmark
    @OperationsPerInvocation(RandomReads.PER_VIEW)
    public long readRandom(final Reading reading)
    {
        return reading.reads.batch();
    }
}
