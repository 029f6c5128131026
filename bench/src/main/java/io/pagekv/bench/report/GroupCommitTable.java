package io.pagekv.bench.report;

import io.pagekv.bench.kv.Engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The group-commit series of a run ({@code GroupCommitBenchmark}): forced commits per second,
 * summed over N threads, by engine and N, each with its ratio to the same engine's one-thread
 * rate. N is JMH's {@code threads} of each result, so any set of thread counts shows.
 */
final class GroupCommitTable
{
    /** The benchmark methods' common prefix, see {@code GroupCommitBenchmark.METHOD_PREFIX}. */
    static final String METHOD_PREFIX = "groupCommit";

    private final Map<String, Map<Integer, Figure>> byEngine = new LinkedHashMap<>();
    private final TreeSet<Integer> threads = new TreeSet<>();

    /**
     * @param measurements a run's measurements; those of other benchmarks are ignored.
     */
    GroupCommitTable(final List<Measurement> measurements)
    {
        for (final Measurement m : measurements)
        {
            if (m.method().startsWith(METHOD_PREFIX) && m.param("engine") != null)
            {
                final int n = (int)Json.number(m.run().get("threads"));
                threads.add(n);
                byEngine.computeIfAbsent(m.param("engine"), e -> new LinkedHashMap<>()).put(n, m.primary());
            }
        }
    }

    /**
     * @param engine an engine id.
     * @param n      threads.
     * @return its commits per second, or null if the run has none.
     */
    Figure figure(final String engine, final int n)
    {
        final Map<Integer, Figure> row = byEngine.get(engine);
        return row == null ? null : row.get(n);
    }

    /**
     * @param engine an engine id.
     * @param n      threads.
     * @return its rate over its one-thread rate, or NaN if either is missing.
     */
    double speedup(final String engine, final int n)
    {
        final Figure one = figure(engine, 1);
        final Figure many = figure(engine, n);
        return one == null || many == null ? Double.NaN : many.value() / one.value();
    }

    /**
     * @param page where the table goes; nothing if the run has no group-commit results.
     */
    void appendTo(final StringBuilder page)
    {
        if (threads.isEmpty())
        {
            return;
        }
        final Footnotes notes = new Footnotes();
        page.append("### Group commit: forced commits per second, N threads (higher is better)\n\n| engine |");
        for (final int n : threads)
        {
            page.append(' ').append(n).append(n == 1 ? " thread" : " threads").append(" |");
        }
        page.append("\n|---|").append("---:|".repeat(threads.size())).append('\n');
        for (final Engine engine : Engine.values())
        {
            page.append("| ").append(engine.id()).append(" |");
            for (final int n : threads)
            {
                page.append(' ').append(cell(engine, n, notes)).append(" |");
            }
            page.append('\n');
        }
        page.append("\nEach thread commits transactions of its own, one put of a random key per transaction, each commit " +
            "forced before it returns (pagekv `Durability.SYNC`, lmdbjava default flags, MVStore `commit()` + `sync()`, " +
            "RocksDB `WriteOptions.setSync(true)`); all threads share one store. Commits per second summed over the threads, " +
            "mean ± 99.9% confidence half-width, and in brackets the ratio to the engine's one-thread rate: an engine that " +
            "shares one force among the commits that wait for it grows with N, one that forces each commit in turn does not.\n");
        notes.appendTo(page);
        page.append('\n');
    }

    private String cell(final Engine engine, final int n, final Footnotes notes)
    {
        final Figure figure = figure(engine.id(), n);
        if (figure == null)
        {
            final String why = engine.noConcurrentCommits();
            return "n/a " + notes.cite(why == null ? engine.title() + " produced no result in this run; see the run log" :
                engine.title() + " cannot run it: " + why + ".");
        }
        final String text = Numbers.withError(figure);
        return n == 1 ? text : text + String.format(Locale.ROOT, " (%.2f×)", speedup(engine.id(), n));
    }
}
