package io.pagekv.bench.report;

import io.pagekv.bench.harness.MetricsLog;
import io.pagekv.bench.kv.Engine;

import java.util.Locale;

/**
 * One profile's part of {@code docs/benchmarks.md}: what run produced the figures, the chart,
 * the table of workloads by engine with errors and pagekv's ratio to the best peer, the group
 * commit series and the footprint table.
 */
final class ProfileSection
{
    private final ResultTable table;
    private final GroupCommitTable groupCommit;
    private final Footprints footprints;
    private final RunFacts facts;
    private final String profile;
    private final RunNote note;
    private final String chartFile;
    private final String resultsFile;
    private final Footnotes notes = new Footnotes();

    ProfileSection(
        final ResultTable table, final GroupCommitTable groupCommit, final Footprints footprints, final RunFacts facts,
        final String profile, final RunNote note, final String chartFile, final String resultsFile)
    {
        this.table = table;
        this.groupCommit = groupCommit;
        this.footprints = footprints;
        this.facts = facts;
        this.profile = profile;
        this.note = note;
        this.chartFile = chartFile;
        this.resultsFile = resultsFile;
    }

    /**
     * @param title the section's heading, for example {@code Quick profile}.
     * @return the section, level-2 heading first.
     */
    String render(final String title)
    {
        final StringBuilder page = new StringBuilder();
        page.append("## ").append(title).append(" (n = ").append(facts.n()).append(")\n\n");
        page.append("`bench/run.sh ").append(profile).append("`, ").append(note.date()).append(", results in `")
            .append(resultsFile).append("`. ");
        page.append(String.format(Locale.ROOT, "n = %s entries; large values capped at %s MiB of data per store; %d fork(s), " +
            "warmup %s, measurement %s per benchmark (writeBatch: one whole load per iteration).%n%n",
            facts.n(), facts.dataMiB(), facts.forks(), facts.warmup(), facts.measurement()));
        note.appendTo(page, facts.jdk(), facts.jmh());
        page.append("![pagekv and its peers, throughput per workload, ").append(profile).append(" profile](")
            .append(chartFile).append(")\n\n");
        throughputTable(page);
        groupCommit.appendTo(page);
        footprintTable(page);
        return page.toString();
    }

    private void throughputTable(final StringBuilder page)
    {
        page.append("### Throughput (higher is better)\n\n");
        page.append("| workload | unit |");
        for (final Engine engine : Engine.values())
        {
            page.append(' ').append(engine.id()).append(" |");
        }
        page.append(" machine limit | pagekv ÷ best peer |\n|---|---|");
        page.append("---:|".repeat(Engine.values().length + 2)).append('\n');
        for (final Workload workload : Workload.values())
        {
            if (!table.hasAny(workload))
            {
                continue; // not in this run (the full profile has no large values; a regex picks a few)
            }
            page.append("| ").append(workload.title()).append(" | ").append(workload.unit()).append(" |");
            final String best = table.bestPeer(workload);
            for (final Engine engine : Engine.values())
            {
                page.append(' ').append(cell(workload, engine, engine.id().equals(best))).append(" |");
            }
            final Figure limit = table.figure(workload, ResultTable.LIMIT);
            page.append(' ').append(limit == null ? "" : Numbers.withError(limit)).append(" |");
            final double ratio = table.ratioToBestPeer(workload);
            page.append(' ').append(Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f× (vs %s)", ratio, best)).append(" |\n");
        }
        page.append("\nEach figure is JMH's mean ± the half-width of its 99.9% confidence interval (`?` where too few " +
            "iterations ran to compute one); writeBatch, readSeq and scanTouch are converted from time per load and scans per second " +
            "into entries per second. **Bold**: the best peer of the row. Machine limits: readRandom — random values read " +
            "straight from a memory-mapped file through an Agrona `UnsafeBuffer`; writeSync — 4 KiB write + `force` on the same disk. " +
            "Rows of workloads this run did not include are left out. With 8 KiB and 1 MiB values a get's time goes mostly into reading the value's bytes, the same work for every engine " +
            "and for the limit, so figures within each other's error are ties.\n");
        notes.appendTo(page);
        page.append('\n');
    }

    private String cell(final Workload workload, final Engine engine, final boolean best)
    {
        final Figure figure = table.figure(workload, engine.id());
        if (figure != null)
        {
            final String text = Numbers.withError(figure);
            return best ? "**" + text + "**" : text;
        }
        final String why = workload.unsupported(engine);
        return "n/a " + notes.cite(why == null ? engine.title() + " produced no " + workload.title() + " result in this run; see the run log" :
            engine.title() + " cannot run " + workload.method() + ": " + why + ".");
    }

    private void footprintTable(final StringBuilder page)
    {
        page.append("### Footprint (lower is better)\n\n");
        page.append("| engine | disk B/entry, 100 B values | disk B/entry, 8 KiB | disk B/entry, 1 MiB | " +
            "live heap after load, MiB | peak heap writeBatch, MiB | peak heap readRandom, MiB | peak heap mixed, MiB |\n");
        page.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (final Engine engine : Engine.values())
        {
            final String id = engine.id();
            page.append("| ").append(id)
                .append(" | ").append(Numbers.fixed(footprints.mean("writeBatch", id, 100, MetricsLog.DISK_BYTES_PER_ENTRY), 0))
                .append(" | ").append(Numbers.fixed(footprints.mean("writeBatch", id, 8192, MetricsLog.DISK_BYTES_PER_ENTRY), 0))
                .append(" | ").append(Numbers.fixed(footprints.mean("writeBatch", id, 1 << 20, MetricsLog.DISK_BYTES_PER_ENTRY), 0))
                .append(" | ").append(Numbers.fixed(footprints.mean("writeBatch", id, 100, MetricsLog.LIVE_HEAP_MIB), 1))
                .append(" | ").append(Numbers.fixed(footprints.mean("writeBatch", id, 100, MetricsLog.PEAK_HEAP_MIB), 1))
                .append(" | ").append(Numbers.fixed(footprints.mean("readRandom", id, 100, MetricsLog.PEAK_HEAP_MIB), 1))
                .append(" | ").append(Numbers.fixed(footprints.mean("mixed", id, 100, MetricsLog.PEAK_HEAP_MIB), 1))
                .append(" |\n");
            if (engine == Engine.PAGEKV)
            {
                compactedRow(page, id);
            }
        }
        page.append("\nDisk: bytes allocated (`du`) for the store's directory after a writeBatch load and a clean close, " +
            "divided by the entries (keys 8 B + values); pagekv compacts by itself as it loads (its default policy), " +
            "and its row after `compact()` is the same store reopened, compacted with `Store.compact()` and closed again. Live heap: heap in use after a full GC with the loaded store still open. " +
            "Peak heap: the sum of the heap pools' peak use during the workload, garbage included, in a fork with `-Xmx4g`; " +
            "it shows how much heap a workload churns through as well as what it keeps. Means over iterations and forks.\n\n");
    }

    private void compactedRow(final StringBuilder page, final String id)
    {
        page.append("| ").append(id).append(" after `compact()`");
        for (final int valueSize : new int[] {100, 8192, 1 << 20})
        {
            page.append(" | ").append(Numbers.fixed(footprints.mean("writeBatch", id, valueSize, MetricsLog.DISK_BYTES_PER_ENTRY_COMPACTED), 0));
        }
        // The heap columns belong to the workloads, not to the compaction.
        page.append(" |").append("  |".repeat(4)).append('\n');
    }
}
