package io.pagekv.bench.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One entry of a JMH JSON result file: which benchmark with which parameters, its primary
 * score and the secondary scores of a group benchmark's methods.
 *
 * @param method    the benchmark method (or group) name, for example {@code readRandom}.
 * @param params    its parameters.
 * @param mode      JMH's mode: {@code thrpt} or {@code ss}.
 * @param primary   the primary score, in JMH's unit.
 * @param unit      JMH's unit, for example {@code ops/s} or {@code ms/op}.
 * @param secondary scores of the group's methods, by method name.
 * @param run       facts about the run: JDK, VM, forks, iterations.
 */
record Measurement(
    String method, Map<String, String> params, String mode, Figure primary, String unit,
    Map<String, Figure> secondary, Map<String, Object> run)
{
    /**
     * @param json a JMH JSON result file's text.
     * @return its entries, in file order.
     */
    @SuppressWarnings("unchecked")
    static List<Measurement> parseAll(final String json)
    {
        return ((List<Object>)Json.parse(json)).stream().map(entry -> of((Map<String, Object>)entry)).toList();
    }

    @SuppressWarnings("unchecked")
    private static Measurement of(final Map<String, Object> entry)
    {
        final String benchmark = (String)entry.get("benchmark");
        final Map<String, String> params = new LinkedHashMap<>();
        final Object rawParams = entry.get("params");
        if (rawParams != null)
        {
            ((Map<String, Object>)rawParams).forEach((key, value) -> params.put(key, String.valueOf(value)));
        }
        final Map<String, Object> primary = (Map<String, Object>)entry.get("primaryMetric");
        final Map<String, Figure> secondary = new LinkedHashMap<>();
        final Object rawSecondary = entry.get("secondaryMetrics");
        if (rawSecondary != null)
        {
            ((Map<String, Object>)rawSecondary).forEach((key, value) -> secondary.put(key, figure((Map<String, Object>)value)));
        }
        return new Measurement(benchmark.substring(benchmark.lastIndexOf('.') + 1), params, (String)entry.get("mode"),
            figure(primary), (String)primary.get("scoreUnit"), secondary, entry);
    }

    private static Figure figure(final Map<String, Object> metric)
    {
        return new Figure(Json.number(metric.get("score")), Json.number(metric.get("scoreError")));
    }

    /**
     * @param name a parameter name.
     * @return its value, or null if the benchmark has no such parameter.
     */
    String param(final String name)
    {
        return params.get(name);
    }

    /**
     * @return the primary score as seconds per operation, for single-shot and average-time modes.
     * @throws IllegalStateException if the unit is not a time per operation.
     */
    Figure secondsPerOp()
    {
        final String timeUnit = unit.substring(0, unit.indexOf('/'));
        final double seconds = switch (timeUnit)
        {
            case "s" -> 1;
            case "ms" -> 1.0 / TimeUnit.SECONDS.toMillis(1);
            case "us" -> 1.0 / TimeUnit.SECONDS.toMicros(1);
            case "ns" -> 1.0 / TimeUnit.SECONDS.toNanos(1);
            default -> throw new IllegalStateException("not a time per operation: " + unit);
        };
        return primary.times(seconds);
    }
}
