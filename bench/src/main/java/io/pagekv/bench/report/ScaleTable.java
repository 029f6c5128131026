package io.pagekv.bench.report;

import io.pagekv.bench.kv.Engine;
import io.pagekv.bench.harness.RandomReads;
import io.pagekv.bench.scale.ScaleMetric;
import io.pagekv.bench.scale.ScaleRun;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The scale run's figures ({@code bench/run.sh scale}, see {@code scale.ScaleRun}) by engine,
 * figure and size, each size in a column of its own and the largest size's figure over the
 * smallest's in the last, so that the growth of each cost shows.
 */
final class ScaleTable
{
    private static final double MIB = 1 << 20;

    private final Map<String, List<Double>> samples = new HashMap<>();
    private final TreeSet<Integer> sizes = new TreeSet<>();
    private final List<Engine> engines = new ArrayList<>();

    /**
     * @param lines the metrics log's lines; those of other workloads are ignored.
     */
    ScaleTable(final List<String> lines)
    {
        for (final String line : lines)
        {
            final String[] fields = line.split("\t");
            if (fields.length == 6 && fields[0].equals(ScaleMetric.WORKLOAD))
            {
                final Engine engine = Engine.byId(fields[1]);
                final int n = Integer.parseInt(fields[3]);
                sizes.add(n);
                if (!engines.contains(engine))
                {
                    engines.add(engine);
                }
                samples.computeIfAbsent(key(fields[1], n, fields[4]), k -> new ArrayList<>()).add(Double.parseDouble(fields[5]));
            }
        }
        engines.sort(null);
    }

    /**
     * @return whether the log held any scale figure.
     */
    boolean isEmpty()
    {
        return sizes.isEmpty();
    }

    /**
     * @param engine an engine.
     * @param n      entries.
     * @param metric the figure.
     * @return the mean of its samples, or NaN if there are none.
     */
    double mean(final Engine engine, final int n, final ScaleMetric metric)
    {
        final List<Double> values = samples.get(key(engine.id(), n, metric.id()));
        return values == null ? Double.NaN : values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /**
     * @param engine an engine.
     * @param n      entries.
     * @param metric the figure.
     * @return the mean and the samples' standard deviation (NaN for one sample), or null if there are none.
     */
    Figure spread(final Engine engine, final int n, final ScaleMetric metric)
    {
        final List<Double> values = samples.get(key(engine.id(), n, metric.id()));
        if (values == null)
        {
            return null;
        }
        final double mean = mean(engine, n, metric);
        double squares = 0;
        for (final double value : values)
        {
            squares += (value - mean) * (value - mean);
        }
        return new Figure(mean, values.size() < 2 ? Double.NaN : Math.sqrt(squares / (values.size() - 1)));
    }

    /**
     * @param engine an engine.
     * @param n      entries.
     * @param metric the figure.
     * @return the median of its samples, or NaN if there are none.
     */
    double median(final Engine engine, final int n, final ScaleMetric metric)
    {
        final List<Double> values = samples.get(key(engine.id(), n, metric.id()));
        if (values == null)
        {
            return Double.NaN;
        }
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        final int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /**
     * @param page where the section goes, level-2 heading first.
     * @param note when and where the run was.
     * @param resultsFile the metrics log's path as the page shows it.
     */
    void appendTo(final StringBuilder page, final RunNote note, final String resultsFile)
    {
        page.append("## Scale (n =");
        for (final int n : sizes)
        {
            page.append(n == sizes.first() ? " " : " and ").append(grouped(n));
        }
        page.append(")\n\n`bench/run.sh scale`, ").append(note.date()).append(", results in `").append(resultsFile).append("`. ");
        note.appendTo(page, null, null);
        page.append("| engine | figure |");
        for (final int n : sizes)
        {
            page.append(" n = ").append(grouped(n)).append(" |");
        }
        final boolean growth = sizes.size() > 1;
        page.append(growth ? " " + grouped(sizes.last()) + " ÷ " + grouped(sizes.first()) + " |" : "");
        page.append("\n|---|---|").append("---:|".repeat(sizes.size() + (growth ? 1 : 0))).append('\n');
        for (final Engine engine : engines)
        {
            row(page, engine, "load, entries/s", n -> entriesPerSecond(engine, n), Numbers::compact);
            row(page, engine, "load time, s", n -> mean(engine, n, ScaleMetric.LOAD_SECONDS), v -> Numbers.fixed(v, 1));
            row(page, engine, "close after load, s", n -> mean(engine, n, ScaleMetric.CLOSE_SECONDS), v -> Numbers.fixed(v, 2));
            spreadRow(page, engine, "readRandom, gets/s", ScaleMetric.READ_RANDOM_PER_SECOND);
            spreadRow(page, engine, "scanTouch, entries/s", ScaleMetric.SCAN_TOUCH_PER_SECOND);
            row(page, engine, "open + one get, ms (median)", n -> median(engine, n, ScaleMetric.OPEN_MILLIS), v -> Numbers.fixed(v, 2));
            row(page, engine, "disk, MiB", n -> mean(engine, n, ScaleMetric.DISK_BYTES) / MIB, v -> Numbers.fixed(v, 0));
            row(page, engine, "disk, B/entry", n -> mean(engine, n, ScaleMetric.DISK_BYTES) / n, v -> Numbers.fixed(v, 0));
            row(page, engine, "live heap after load, MiB", n -> mean(engine, n, ScaleMetric.LIVE_HEAP_MIB), v -> Numbers.fixed(v, 1));
            row(page, engine, "peak heap during load, MiB", n -> mean(engine, n, ScaleMetric.PEAK_HEAP_MIB), v -> Numbers.fixed(v, 1));
        }
        page.append("\nEach engine and size runs in a JVM of its own (`-Xmx4g`), outside JMH (a 10M load takes minutes, " +
            "and JMH would repeat it for every workload): the data set is loaded once as writeBatch loads it (8 B keys, 100 B " +
            "values, random order, 10,000 entries per unforced commit), timed once; the clean close after it is timed apart. " +
            "Then, on the reopened store, ").append(scaleRounds()).append(". Rates are the mean ± the standard deviation of " +
            "those rounds. Disk: `du` of the store's directory after the close. Live heap: heap in use after a full GC with the " +
            "loaded store open, minus the JVM's own before the data set was built. Peak heap: the sum of the heap pools' peak " +
            "during the load minus the heap at its start (the data set's 4 B per entry of insertion order is in both, so " +
            "not counted), garbage included. The last column is the largest size's figure over the smallest's: for a cost " +
            "that stays flat it is near 1×, for one proportional to the data it is the ratio of the sizes.\n\n");
    }

    private static String scaleRounds()
    {
        return String.format(Locale.ROOT, "random gets on one thread (%d rounds of %d ms, %d gets per " +
            "read view), full scans touching one byte per entry (%d), and reopens of the cleanly closed store with one get " +
            "(%d; the close is not timed), each after %d ms of the same work", ScaleRun.READ_ROUNDS, ScaleRun.READ_ROUND_MILLIS,
            RandomReads.PER_VIEW, ScaleRun.SCANS, ScaleRun.OPENS, ScaleRun.WARMUP_MILLIS);
    }

    private interface Value
    {
        double at(int n);
    }

    private interface Format
    {
        String of(double value);
    }

    private void row(final StringBuilder page, final Engine engine, final String figure, final Value value, final Format format)
    {
        page.append("| ").append(engine.id()).append(" | ").append(figure).append(" |");
        for (final int n : sizes)
        {
            final double v = value.at(n);
            page.append(' ').append(Double.isNaN(v) ? "–" : format.of(v)).append(" |");
        }
        growthCell(page, value.at(sizes.first()), value.at(sizes.last()));
        page.append('\n');
    }

    private void spreadRow(final StringBuilder page, final Engine engine, final String figure, final ScaleMetric metric)
    {
        page.append("| ").append(engine.id()).append(" | ").append(figure).append(" |");
        for (final int n : sizes)
        {
            final Figure spread = spread(engine, n, metric);
            page.append(' ').append(spread == null ? "–" : Numbers.withError(spread)).append(" |");
        }
        growthCell(page, mean(engine, sizes.first(), metric), mean(engine, sizes.last(), metric));
        page.append('\n');
    }

    private void growthCell(final StringBuilder page, final double smallest, final double largest)
    {
        if (sizes.size() > 1)
        {
            page.append(' ').append(Double.isNaN(smallest) || Double.isNaN(largest) || smallest == 0 ? "–" :
                String.format(Locale.ROOT, "%.2f×", largest / smallest)).append(" |");
        }
    }

    private double entriesPerSecond(final Engine engine, final int n)
    {
        return n / mean(engine, n, ScaleMetric.LOAD_SECONDS);
    }

    private static String grouped(final int n)
    {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String key(final String engine, final int n, final String metric)
    {
        return engine + '\t' + n + '\t' + metric;
    }
}
