package io.pagekv.bench.jmh;

import io.pagekv.bench.harness.Dataset;
import io.pagekv.bench.harness.Footprint;
import io.pagekv.bench.harness.LoadedStore;
import io.pagekv.bench.harness.MetricsLog;
import io.pagekv.bench.harness.RandomOverwrites;
import io.pagekv.bench.harness.RandomReads;
import io.pagekv.bench.kv.KvStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code mixed}: one writer thread committing {@value RandomOverwrites#PER_COMMIT} random
 * overwrites per (unforced) commit while a reader thread does random point gets, on a
 * preloaded store. One reader, because the machine has two cores; {@code -tg 1,N} gives N.
 * JMH reports gets per second ({@code read}) and puts per second ({@code write}).
 */
@State(Scope.Benchmark)
public class MixedBenchmark extends EngineBenchmark
{
    private LoadedStore loaded;
    private Dataset dataset;
    private KvStore store;

    /**
     * Loads the store and opens it.
     */
    @Setup(Level.Trial)
    public void load()
    {
        dataset = Dataset.of(n, SMALL_VALUE, NO_CAP_MIB);
        loaded = LoadedStore.load(engine(), dataset);
        store = loaded.open();
        Footprint.resetPeakHeap();
    }

    /**
     * Records the peak heap and deletes the store.
     */
    @TearDown(Level.Trial)
    public void close()
    {
        MetricsLog.record("mixed", engine, SMALL_VALUE, n, MetricsLog.PEAK_HEAP_MIB, Footprint.peakHeapMiB());
        loaded.close();
    }

    /**
     * The reader thread's reader.
     */
    @State(Scope.Thread)
    public static class Reading
    {
        RandomReads reads;

        /**
         * @param bench the loaded store.
         */
        @Setup(Level.Trial)
        public void open(final MixedBenchmark bench)
        {
            reads = new RandomReads(bench.store, bench.dataset.entries(), Thread.currentThread().getId());
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
     * The writer thread's writer.
     */
    @State(Scope.Thread)
    public static class Writing
    {
        RandomOverwrites writes;

        /**
         * @param bench the loaded store.
         */
        @Setup(Level.Trial)
        public void open(final MixedBenchmark bench)
        {
            writes = new RandomOverwrites(bench.store, bench.dataset, Thread.currentThread().getId());
        }

        /**
         * Releases the writer.
         */
        @TearDown(Level.Trial)
        public void close()
        {
            writes.close();
        }
    }

    /**
     * @param reading the reader thread's reader.
     * @return the folded digests, for JMH to consume.
     */
    @Benchmark
    @Group("mixed")
    @GroupThreads(1)
    @OperationsPerInvocation(RandomReads.PER_VIEW)
    public long read(final Reading reading)
    {
        return reading.reads.batch();
    }

    /**
     * @param writing the writer thread's writer.
     */
    @Benchmark
    @Group("mixed")
    @GroupThreads(1)
    @OperationsPerInvocation(RandomOverwrites.PER_COMMIT)
    public void write(final Writing writing)
    {
        writing.writes.commit();
    }
}
