package io.pagekv.bench.space;

import java.util.List;
import java.util.Locale;

/**
 * The overwrite run as text: the CSV of every sample, and the Markdown section of
 * {@code docs/benchmarks.md} with the chart, the table and the command that made them.
 */
final class CurvePage
{
    private static final double MIB = 1 << 20;

    private CurvePage()
    {
    }

    /** @return {@code contender,overwrittenBytes,diskBytes}, one line per sample. */
    static String csv(final List<Curve> curves)
    {
        final StringBuilder csv = new StringBuilder("contender,liveBytes,overwrittenBytes,diskBytes\n");
        for (final Curve curve : curves)
        {
            for (final Curve.Sample sample : curve.samples())
            {
                csv.append(String.format(Locale.ROOT, "%s,%d,%d,%d%n", curve.contender().label(), curve.liveBytes(), sample.overwritten(), sample.disk()));
            }
        }
        return csv.toString();
    }

    /**
     * @param curves   the results.
     * @param command  the command that produced them.
     * @param run      when and where: date, machine, JDK.
     * @param chart    the chart's file name, beside the page.
     * @param csvFile  the CSV's file name, beside the page.
     * @param overwrites the multiple of the live data overwritten.
     * @return the section's Markdown.
     */
    static String markdown(final List<Curve> curves, final String command, final String run, final String chart, final String csvFile,
        final int overwrites)
    {
        final Curve first = curves.get(0);
        final StringBuilder page = new StringBuilder();
        page.append("## Disk over written bytes: a long overwrite run (lower is better)\n\n");
        page.append(String.format(Locale.ROOT, "%,d live entries of %d B (%s MiB of keys and values) are loaded, then overwritten at random keys, " +
            "100 puts per unforced commit, until %d× the live data has been written; the store's directory is measured with `du` after the load " +
            "and at every half of the live data written. Every engine runs as in the throughput runs above, with its own space reclamation. " +
            "%s.\n\n", first.entries(), first.entryBytes() - 8, mib(first.liveBytes()), overwrites, run));
        page.append("```\n").append(command).append("\n```\n\n");
        page.append("![disk bytes over overwritten bytes](").append(chart).append(")\n\n");
        page.append("| engine | disk after load, MiB | peak disk, MiB | disk at the end, MiB | end ÷ live data | after close, B/entry | after `compact()`, B/entry | time, s |\n");
        page.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (final Curve curve : curves)
        {
            page.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f× | %,.0f | %s | %.0f |%n", curve.contender().label(),
                mib(curve.samples().get(0).disk()), mib(curve.peakDisk()), mib(curve.lastDisk()), (double)curve.lastDisk() / curve.liveBytes(),
                (double)curve.diskAfterClose() / curve.entries(),
                curve.diskAfterCompact() < 0 ? "" : String.format(Locale.ROOT, "%,.0f", (double)curve.diskAfterCompact() / curve.entries()),
                curve.seconds()));
        }
        page.append("\nLive data: keys (8 B) and values only; no engine can store them in fewer bytes without compression (RocksDB compresses with LZ4, " +
            "but random values do not compress). ");
        for (final Curve curve : curves)
        {
            if (!Double.isNaN(curve.writtenOverLive()))
            {
                page.append(String.format(Locale.ROOT, "At the end pagekv's log had written %.2f× its live pages (`Store.spaceUsage()`); its " +
                    "policy starts a compaction at 1.5×, but retires only whole segments below the one being written (64 MiB each by default, " +
                    "more than this store's live pages), so a store this small swings by up to a segment. ", curve.writtenOverLive()));
            }
        }
        page.append("The data is in [").append(csvFile).append("](").append(csvFile).append(").\n\n");
        for (final Curve curve : curves)
        {
            page.append("- **").append(curve.contender().label()).append("**: ").append(curve.contender().reclamation()).append(".\n");
        }
        return page.toString();
    }

    private static String mib(final long bytes)
    {
        return String.format(Locale.ROOT, "%.1f", bytes / MIB);
    }
}
