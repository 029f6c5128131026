package io.pagekv.bench.scale;

import io.pagekv.bench.harness.Dataset;
import io.pagekv.bench.harness.Footprint;
import io.pagekv.bench.harness.Loader;
import io.pagekv.bench.harness.MetricsLog;
import io.pagekv.bench.harness.RandomReads;
import io.pagekv.bench.harness.StoreDir;
import io.pagekv.bench.kv.Engine;
import io.pagekv.bench.kv.KvReader;
import io.pagekv.bench.kv.KvStore;
import io.pagekv.bench.kv.StoreSpec;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One engine at one size, in a JVM of its own so that its heap figures are its own:
 *
 * <pre>
 * java -cp benchmarks.jar io.pagekv.bench.scale.ScaleRun ENGINE N
 * </pre>
 *
 * Loads {@code N} entries of {@value #VALUE_SIZE} B into an empty store as writeBatch does
 * ({@link Loader}: random order, unforced commits), timed once, with the peak heap during the
 * load; then the live heap with the store open, the close, the bytes on disk; then random gets
 * ({@value #READ_ROUNDS} rounds of {@value #READ_ROUND_MILLIS} ms), full scans
 * touching one byte per entry ({@value #SCANS}), and reopens with one get ({@value #OPENS}), each
 * after {@value #WARMUP_MILLIS} ms of the same work. Every figure goes to the metrics log
 * ({@link MetricsLog}, which {@code bench/run.sh scale} points at its results file) as a
 * {@link ScaleMetric}. The store is deleted at the end. Not JMH: at 10M entries a load takes
 * minutes, and JMH would load the store again for every workload.
 */
public final class ScaleRun
{
    /** Bytes per value. */
    public static final int VALUE_SIZE = 100;
    /** Rounds of random gets measured. */
    public static final int READ_ROUNDS = 5;
    /** Length of one round of random gets. */
    public static final long READ_ROUND_MILLIS = 1_000;
    /** Scans measured. */
    public static final int SCANS = 3;
    /** Reopens measured. */
    public static final int OPENS = 20;
    /** Random gets, scans and reopens each repeat this long (at least once) before the measured ones. */
    public static final long WARMUP_MILLIS = 2_000;
    private static final double MILLIS_PER_NANO = 1e-6;
    private static final double SECONDS_PER_NANO = 1e-9;

    private final Engine engine;
    private final int n;
    private final StoreSpec spec;
    /** Folds every digest read, printed at the end so that no read can be optimized away. */
    private long sink;

    private ScaleRun(final Engine engine, final int n)
    {
        this.engine = engine;
        this.n = n;
        this.spec = new StoreSpec(n, VALUE_SIZE, false);
    }

    /**
     * @param args engine id, entries.
     */
    public static void main(final String[] args)
    {
        if (args.length != 2)
        {
            System.err.println("usage: ScaleRun ENGINE N");
            System.exit(2);
        }
        final ScaleRun run = new ScaleRun(Engine.byId(args[0]), Integer.parseInt(args[1]));
        try (StoreDir dir = StoreDir.create(run.engine.id()))
        {
            run.run(dir);
        }
        System.out.printf("%s n=%,d done (digest %x)%n", run.engine.id(), run.n, run.sink);
    }

    private void run(final StoreDir dir)
    {
        final double jvmHeap = Footprint.liveHeapMiB();
        load(dir, jvmHeap);
        record(ScaleMetric.DISK_BYTES, Footprint.diskBytes(dir.path()));
        try (KvStore store = engine.open(dir.path(), spec))
        {
            readRandom(store);
            scanTouch(store);
        }
        reopen(dir);
    }

    private void load(final StoreDir dir, final double jvmHeap)
    {
        Dataset dataset = Dataset.of(n, VALUE_SIZE, Integer.MAX_VALUE >> 20);
        final KvStore store = engine.open(dir.path(), spec);
        final double atStart = Footprint.liveHeapMiB();
        Footprint.resetPeakHeap();
        final long start = System.nanoTime();
        Loader.load(store, dataset);
        final long loaded = System.nanoTime();
        record(ScaleMetric.LOAD_SECONDS, (loaded - start) * SECONDS_PER_NANO);
        // Pools' peaks against a start measured after a collection can fall a little short of it: no growth, 0.
        record(ScaleMetric.PEAK_HEAP_MIB, Math.max(0, Footprint.peakHeapMiB() - atStart));
        dataset = null; // the data set is not the store's: let the collection below free it
        record(ScaleMetric.LIVE_HEAP_MIB, Footprint.liveHeapMiB() - jvmHeap);
        final long closing = System.nanoTime();
        store.close();
        record(ScaleMetric.CLOSE_SECONDS, (System.nanoTime() - closing) * SECONDS_PER_NANO);
        log("loaded in %.1f s", (loaded - start) * SECONDS_PER_NANO);
    }

    private void readRandom(final KvStore store)
    {
        try (RandomReads reads = new RandomReads(store, n, n))
        {
            readFor(reads, TimeUnit.MILLISECONDS.toNanos(WARMUP_MILLIS));
            for (int round = 0; round < READ_ROUNDS; round++)
            {
                final long start = System.nanoTime();
                final long gets = readFor(reads, TimeUnit.MILLISECONDS.toNanos(READ_ROUND_MILLIS));
                record(ScaleMetric.READ_RANDOM_PER_SECOND, gets / ((System.nanoTime() - start) * SECONDS_PER_NANO));
            }
        }
        log("read");
    }

    private long readFor(final RandomReads reads, final long nanos)
    {
        final long end = System.nanoTime() + nanos;
        long gets = 0;
        while (System.nanoTime() < end)
        {
            sink ^= reads.batch();
            gets += RandomReads.PER_VIEW;
        }
        return gets;
    }

    private void scanTouch(final KvStore store)
    {
        try (KvReader reader = store.reader())
        {
            final long warm = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WARMUP_MILLIS);
            do
            {
                scanOnce(reader);
            }
            while (System.nanoTime() < warm);
            for (int scan = 0; scan < SCANS; scan++)
            {
                record(ScaleMetric.SCAN_TOUCH_PER_SECOND, n / (scanOnce(reader) * SECONDS_PER_NANO));
            }
        }
        log("scanned");
    }

    private long scanOnce(final KvReader reader)
    {
        final long start = System.nanoTime();
        reader.begin();
        sink ^= reader.scanTouch();
        reader.end();
        return System.nanoTime() - start;
    }

    private void reopen(final StoreDir dir)
    {
        final SplittableRandom random = new SplittableRandom(n);
        final long warm = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WARMUP_MILLIS);
        do
        {
            reopenOnce(dir, random);
        }
        while (System.nanoTime() < warm);
        for (int open = 0; open < OPENS; open++)
        {
            record(ScaleMetric.OPEN_MILLIS, reopenOnce(dir, random) * MILLIS_PER_NANO);
        }
        log("reopened");
    }

    /**
     * @return nanoseconds from the start of the open to the get's end; the close is not timed.
     */
    private long reopenOnce(final StoreDir dir, final SplittableRandom random)
    {
        final long start = System.nanoTime();
        try (KvStore store = engine.open(dir.path(), spec); KvReader reader = store.reader())
        {
            reader.begin();
            sink ^= reader.get(random.nextLong(n));
            reader.end();
            return System.nanoTime() - start;
        }
    }

    private void record(final ScaleMetric metric, final double value)
    {
        MetricsLog.record(ScaleMetric.WORKLOAD, engine.id(), VALUE_SIZE, n, metric.id(), value);
    }

    private void log(final String format, final Object... args)
    {
        System.err.printf("   %s n=%,d: %s%n", engine.id(), n, String.format(format, args));
    }
}
