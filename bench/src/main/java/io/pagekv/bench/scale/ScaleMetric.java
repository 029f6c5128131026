package io.pagekv.bench.scale;

/**
 * The figures a scale run logs for one engine at one size, one {@code MetricsLog} line each
 * under the workload {@value #WORKLOAD} (a metric measured in several rounds has a line per
 * round). The report reads them back by these names.
 */
public enum ScaleMetric
{
    /** Seconds to load the data set, the close after it not included. */
    LOAD_SECONDS("loadSeconds"),
    /** Seconds of the clean close right after the load (RocksDB flushes its memtable there). */
    CLOSE_SECONDS("closeSeconds"),
    /** Bytes allocated on disk ({@code du}) after the load and the close. */
    DISK_BYTES("diskBytes"),
    /** Heap the loaded, open store keeps after a full collection, above the JVM's own, MiB. */
    LIVE_HEAP_MIB("liveHeapMiB"),
    /** Peak heap during the load above the heap at its start, MiB: garbage included. */
    PEAK_HEAP_MIB("peakHeapMiB"),
    /** Point gets of random keys per second, one thread; one line per round. */
    READ_RANDOM_PER_SECOND("readRandomPerSecond"),
    /** Entries per second of a full scan reading one byte per entry; one line per scan. */
    SCAN_TOUCH_PER_SECOND("scanTouchPerSecond"),
    /** Milliseconds to reopen the cleanly closed store and read one key; one line per reopen. */
    OPEN_MILLIS("openMillis");

    /** The workload name of every scale line. */
    public static final String WORKLOAD = "scale";

    private final String id;

    ScaleMetric(final String id)
    {
        this.id = id;
    }

    /**
     * @return the metric's name in the log.
     */
    public String id()
    {
        return id;
    }
}
