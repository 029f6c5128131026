package io.pagekv.cli;

import io.pagekv.LiveCounters;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreFiles;
import io.pagekv.StoreStats;
import io.pagekv.VerifyReport;
import picocli.CommandLine.Command;
import tools.jackson.core.JsonGenerator;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code pagekv stats DIR}: pages by type and key and value sizes.
 */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = {
        "Count pages by type and measure key and value sizes.",
        "Counts pages by type (reachable branch, leaf and overflow pages, commit records, segment headers, " +
        "dead pages of older commits, unwritten space) with their sizes; key and value sizes with " +
        "totals and log2 histograms.",
        "Opens the store read-only and walks it like verify; exits 3 if the walk finds a problem.",
        "Ends with this process's read cache counters: the walk inflates every compressed value once, so its misses " +
        "count the values stored LZ4-compressed. " +
        "With --watch, prints the live counters the writer keeps in the lock file instead (commits, bytes and " +
        "pages written, forces, snapshots, reader processes, exports, compactions, pages, last commit time), " +
        "every --interval until interrupted, like AeronStat: the store is not opened and no lock is taken, " +
        "so it works beside a running writer and on a store nobody has open (the last values). " +
        "--watch --json prints one sample and exits.",
    },
    footerHeading = "%nExample:%n",
    footer = {"  pagekv stats /var/lib/app/data", "  pagekv stats data --json | jq .pages", "  pagekv stats data --watch",
        "  pagekv stats data --watch --json | jq .counters"})
final class StatsCommand extends Subcommand
{
    @Parameters(index = "0", paramLabel = "DIR", description = "The store directory.")
    private Path dir;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    @Option(names = "--watch", description = "Print the live counters from the lock file, refreshed every --interval; " +
        "with --json, one sample.")
    private boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = LockWaitOption.Converter.class,
        description = "Time between two samples of --watch, for example 500ms, 1s, 2m (default: ${DEFAULT-VALUE}).")
    private Duration interval;

    @Option(names = "--samples", paramLabel = "N", description = "Stop --watch after N samples (default: until interrupted).")
    private long samples = Long.MAX_VALUE;

    @Override
    protected int execute() throws IOException, InterruptedException
    {
        if (watch)
        {
            return watchCounters();
        }
        try (Store store = StoreDirectory.openReadOnly(dir); Snapshot snapshot = store.snapshot())
        {
            final StoreCheck check = StoreCheck.run(store, streams());
            final EntrySizes sizes;
            try (Progress progress = Progress.start(streams(), "measuring", "entries", snapshot.count()))
            {
                sizes = EntrySizes.measure(snapshot, progress);
            }
            final Map<String, Long> pages = pages(check.report());
            final StoreStats cache = store.stats();
            streams().out().write(json ? json(store, check.report(), pages, sizes, cache) : text(store, check.report(), pages, sizes, cache));
            if (!check.isClean())
            {
                return fail(ExitCodes.CORRUPT, check.problems().size() + " problem(s) found in " + dir + ", first: " +
                    check.problems().get(0) + "; run 'pagekv verify " + dir + "'");
            }
            return ExitCodes.OK;
        }
    }

    private int watchCounters() throws IOException, InterruptedException
    {
        if (!Files.exists(dir.resolve(StoreFiles.LOCK)))
        {
            throw new NoStoreException(dir, Files.isDirectory(dir) ? "it has no lock file: no writer has opened it" : "no such directory");
        }
        try (LiveCounters counters = LiveCounters.open(dir))
        {
            final boolean clear = !json && Terminals.stdout();
            for (long n = 0; n < samples; n++)
            {
                if (n > 0)
                {
                    Thread.sleep(interval.toMillis());
                }
                final CounterReport report = CounterReport.sample(dir, counters);
                streams().out().write(clear ? "\u001b[H\u001b[2J" + report.text() : json ? report.json() : report.text() + "\n");
                streams().flush();
                if (json)
                {
                    break;
                }
            }
            return ExitCodes.OK;
        }
    }

    /**
     * Splits the written pages by what they hold.
     */
    private static Map<String, Long> pages(final VerifyReport report)
    {
        final Map<String, Long> pages = new LinkedHashMap<>(report.pagesByType());
        long capacity = 0;
        long written = 0;
        for (final VerifyReport.SegmentUsage segment : report.segments())
        {
            capacity += segment.capacityPages();
            written += segment.writtenPages();
        }
        final long reachable = pages.values().stream().mapToLong(Long::longValue).sum();
        pages.put("commit", report.commitsChecked());
        pages.put("segment-header", (long)report.segments().size());
        pages.put("dead", Math.max(0, written - reachable - report.commitsChecked() - report.segments().size()));
        pages.put("written", written);
        pages.put("unwritten", capacity - written);
        return pages;
    }

    private String text(
        final Store store, final VerifyReport report, final Map<String, Long> pages, final EntrySizes sizes, final StoreStats cache)
    {
        final int pageSize = store.pageSize();
        final long written = pages.get("written");
        final StringBuilder text = new StringBuilder();
        text.append("stats of ").append(dir).append(" at txn ").append(report.txnId()).append(": ").append(report.entries())
            .append(" entries, page size ").append(pageSize).append(" B\n\n");
        text.append(String.format("%-16s %10s %12s %8s%n", "pages", "count", "bytes", "written"));
        pages.forEach((type, count) -> text.append(String.format("  %-14s %10d %12s %8s%n", type, count,
            Units.bytes(count * pageSize), type.equals("unwritten") ? "" : Units.percent(count, written))));
        text.append('\n').append(String.format("%-16s %10s %12s %10s %10s %10s%n", "entries", "count", "total", "min", "avg", "max"));
        text.append(sizeLine("keys", sizes.entries(), sizes.keyBytes(), sizes.minKey(), sizes.maxKey()));
        text.append(sizeLine("values", sizes.entries(), sizes.valueBytes(), sizes.minValue(), sizes.maxValue()));
        text.append('\n').append(SizeHistogram.text("key sizes", report.keySizes()));
        text.append('\n').append(SizeHistogram.text("value sizes", report.valueSizes()));
        text.append('\n').append(String.format("read cache (this process): mode %s, LZ4 %s%n", cache.cacheMode(), cache.lz4Instance()));
        text.append(String.format("  hits %d  misses %d  evictions %d  invalidations %d  entries %d  held %s%n", cache.cacheHits(),
            cache.cacheMisses(), cache.cacheEvictions(), cache.cacheInvalidations(), cache.cacheEntries(), Units.bytes(cache.cacheBytes())));
        return text.toString();
    }

    private static String sizeLine(final String what, final long count, final long total, final long min, final long max)
    {
        return String.format("  %-14s %10d %12s %10s %10s %10s%n", what, count, Units.bytes(total), Units.bytes(min),
            Units.bytes(count == 0 ? 0 : total / count), Units.bytes(max));
    }

    private String json(
        final Store store, final VerifyReport report, final Map<String, Long> pages, final EntrySizes sizes, final StoreStats cache)
    {
        return JsonStyle.document(json ->
        {
            json.writeStartObject();
            json.writeStringProperty("dir", dir.toString());
            json.writeNumberProperty("txnId", report.txnId());
            json.writeNumberProperty("entries", report.entries());
            json.writeNumberProperty("pageSize", store.pageSize());
            json.writeObjectPropertyStart("pages");
            pages.forEach(json::writeNumberProperty);
            json.writeEndObject();
            sizes(json, "keys", sizes.keyBytes(), sizes.minKey(), sizes.maxKey());
            sizes(json, "values", sizes.valueBytes(), sizes.minValue(), sizes.maxValue());
            histogram(json, "keySizes", report.keySizes());
            histogram(json, "valueSizes", report.valueSizes());
            json.writeObjectPropertyStart("cache");
            json.writeStringProperty("mode", cache.cacheMode().name());
            json.writeStringProperty("lz4", cache.lz4Instance());
            json.writeNumberProperty("hits", cache.cacheHits());
            json.writeNumberProperty("misses", cache.cacheMisses());
            json.writeNumberProperty("evictions", cache.cacheEvictions());
            json.writeNumberProperty("invalidations", cache.cacheInvalidations());
            json.writeNumberProperty("entries", cache.cacheEntries());
            json.writeNumberProperty("bytes", cache.cacheBytes());
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    private static void sizes(final JsonGenerator json, final String name, final long total, final long min, final long max)
    {
        json.writeObjectPropertyStart(name);
        json.writeNumberProperty("totalBytes", total);
        json.writeNumberProperty("min", min);
        json.writeNumberProperty("max", max);
        json.writeEndObject();
    }

    private static void histogram(final JsonGenerator json, final String name, final long[] buckets)
    {
        json.writeArrayPropertyStart(name);
        for (int i = 0; i < buckets.length; i++)
        {
            if (buckets[i] > 0)
            {
                json.writeStartObject();
                json.writeNumberProperty("from", SizeHistogram.from(i));
                json.writeNumberProperty("below", SizeHistogram.to(i));
                json.writeNumberProperty("count", buckets[i]);
                json.writeEndObject();
            }
        }
        json.writeEndArray();
    }
}
