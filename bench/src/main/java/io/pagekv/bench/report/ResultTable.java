package io.pagekv.bench.report;

import io.pagekv.bench.kv.Engine;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures by workload and column: one column per engine, then the machine limit. A
 * measurement without an {@code engine} parameter is a limit.
 */
final class ResultTable
{
    /** The column of the machine limits. */
    static final String LIMIT = "limit";

    private final Map<Workload, Map<String, Figure>> rows = new EnumMap<>(Workload.class);

    /**
     * @param measurements a run's measurements.
     */
    ResultTable(final List<Measurement> measurements)
    {
        for (final Workload workload : Workload.values())
        {
            final Map<String, Figure> row = new LinkedHashMap<>();
            for (final Measurement m : measurements)
            {
                if (workload.matches(m))
                {
                    final String engine = m.param("engine");
                    row.put(engine == null ? LIMIT : engine, workload.rate(m));
                }
            }
            rows.put(workload, row);
        }
    }

    /**
     * @param workload a row.
     * @param column   an engine id or {@link #LIMIT}.
     * @return its figure, or null if the run has none.
     */
    Figure figure(final Workload workload, final String column)
    {
        return rows.get(workload).get(column);
    }

    /**
     * @param workload a row.
     * @return whether any column has a figure.
     */
    boolean hasAny(final Workload workload)
    {
        return !rows.get(workload).isEmpty();
    }

    /**
     * @param workload a row.
     * @return the fastest peer's id (pagekv and the limit excluded), or null if none ran.
     */
    String bestPeer(final Workload workload)
    {
        String best = null;
        for (final Engine engine : Engine.values())
        {
            final Figure figure = figure(workload, engine.id());
            if (engine != Engine.PAGEKV && figure != null && (best == null || figure.value() > figure(workload, best).value()))
            {
                best = engine.id();
            }
        }
        return best;
    }

    /**
     * @param workload a row.
     * @return pagekv's rate over the best peer's, or NaN if either is missing.
     */
    double ratioToBestPeer(final Workload workload)
    {
        final Figure pagekv = figure(workload, Engine.PAGEKV.id());
        final String best = bestPeer(workload);
        return pagekv == null || best == null ? Double.NaN : pagekv.value() / figure(workload, best).value();
    }

    /**
     * @param workload a row.
     * @return the highest engine rate in the row (limit excluded), or 0 if none.
     */
    double bestEngineRate(final Workload workload)
    {
        double best = 0;
        for (final Engine engine : Engine.values())
        {
            final Figure figure = figure(workload, engine.id());
            if (figure != null)
            {
                best = Math.max(best, figure.value());
            }
        }
        return best;
    }
}
