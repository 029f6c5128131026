package io.pagekv.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run was: JDK, JMH, iterations and forks, {@code n} and the data budget, read from its
 * measurements (every benchmark of a run shares them, as {@code bench/run.sh} sets them).
 *
 * @param jdk         JDK version and VM.
 * @param jmh         JMH version.
 * @param forks       forks per benchmark.
 * @param warmup      warmup iterations and time.
 * @param measurement measurement iterations and time.
 * @param n           entries.
 * @param dataMiB     the data budget for large values.
 */
record RunFacts(String jdk, String jmh, int forks, String warmup, String measurement, String n, String dataMiB)
{
    /**
     * @param measurements a run's measurements; at least one.
     * @return the facts they share.
     */
    static RunFacts of(final List<Measurement> measurements)
    {
        final Map<String, Object> run = measurements.get(0).run();
        String n = "?";
        String dataMiB = "?";
        for (final Measurement m : measurements)
        {
            n = m.param("n") == null ? n : m.param("n");
            dataMiB = m.param("dataMiB") == null ? dataMiB : m.param("dataMiB");
        }
        return new RunFacts(
            run.get("jdkVersion") + " (" + run.get("vmName") + " " + run.get("vmVersion") + ")",
            String.valueOf(run.get("jmhVersion")),
            (int)Json.number(run.get("forks")),
            (int)Json.number(run.get("warmupIterations")) + " × " + run.get("warmupTime"),
            (int)Json.number(run.get("measurementIterations")) + " × " + run.get("measurementTime"),
            grouped(n), dataMiB);
    }

    private static String grouped(final String number)
    {
        try
        {
            return String.format(Locale.ROOT, "%,d", Long.parseLong(number));
        }
        catch (final NumberFormatException ex)
        {
            return number;
        }
    }
}
