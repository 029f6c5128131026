package io.pagekv.bench.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The footprint figures the benchmarks logged (see {@code MetricsLog}), averaged over the
 * iterations and forks that logged them.
 */
final class Footprints
{
    private final Map<String, double[]> sums = new HashMap<>();

    /**
     * @param lines the log's lines: workload, engine, valueSize, n, metric, value, tab-separated.
     */
    Footprints(final List<String> lines)
    {
        for (final String line : lines)
        {
            final String[] fields = line.split("\t");
            if (fields.length == 6)
            {
                final double[] sum = sums.computeIfAbsent(key(fields[0], fields[1], Integer.parseInt(fields[2]), fields[4]), k -> new double[2]);
                sum[0] += Double.parseDouble(fields[5]);
                sum[1]++;
            }
        }
    }

    /**
     * @param workload  the benchmark method.
     * @param engine    the engine id.
     * @param valueSize bytes per value.
     * @param metric    the metric name.
     * @return the mean, or NaN if nothing was logged.
     */
    double mean(final String workload, final String engine, final int valueSize, final String metric)
    {
        final double[] sum = sums.get(key(workload, engine, valueSize, metric));
        return sum == null ? Double.NaN : sum[0] / sum[1];
    }

    private static String key(final String workload, final String engine, final int valueSize, final String metric)
    {
        return workload + '\t' + engine + '\t' + valueSize + '\t' + metric;
    }
}
