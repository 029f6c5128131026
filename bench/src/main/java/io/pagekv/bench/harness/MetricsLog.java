package io.pagekv.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Figures that JMH does not measure (bytes on disk per entry, heap), appended one per line to
 * the file named by the environment variable {@value #ENV}, which JMH forks inherit:
 *
 * <pre>
 * workload TAB engine TAB valueSize TAB n TAB metric TAB value
 * </pre>
 *
 * Without the variable nothing is written. Each fork appends whole lines with one write, so
 * forks never interleave within a line.
 */
public final class MetricsLog
{
    /** Environment variable naming the file. */
    public static final String ENV = "PAGEKV_BENCH_METRICS";
    /** Metric: bytes on disk per entry after a load. */
    public static final String DISK_BYTES_PER_ENTRY = "diskBytesPerEntry";
    /** Metric: bytes on disk per entry after a load and pagekv's {@code Store.compact()}. */
    public static final String DISK_BYTES_PER_ENTRY_COMPACTED = "diskBytesPerEntryCompacted";
    /** Metric: peak heap during the workload, MiB. */
    public static final String PEAK_HEAP_MIB = "peakHeapMiB";
    /** Metric: heap after a full collection with the loaded store open, MiB. */
    public static final String LIVE_HEAP_MIB = "liveHeapMiB";

    private MetricsLog()
    {
    }

    /**
     * @param workload  the benchmark method.
     * @param engine    the engine id (or a limit's name).
     * @param valueSize bytes per value.
     * @param n         the {@code n} parameter.
     * @param metric    which figure.
     * @param value     its value.
     */
    public static void record(
        final String workload, final String engine, final int valueSize, final int n, final String metric, final double value)
    {
        final String file = System.getenv(ENV);
        if (file == null || file.isEmpty())
        {
            return;
        }
        final String line = String.format(Locale.ROOT, "%s\t%s\t%d\t%d\t%s\t%.3f%n", workload, engine, valueSize, n, metric, value);
        try
        {
            Files.writeString(Path.of(file), line, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot append to " + file, ex);
        }
    }
}
