package io.pagekv.bench.report;

import io.pagekv.bench.kv.Engine;
import io.pagekv.bench.scale.ScaleMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scale table read from a small metrics log: sizes as columns, the growth column, means,
 * medians and spreads of the rounds, and the section on the generated page.
 */
class ScaleTableTest
{
    private static final List<String> LINES = new ArrayList<>();

    static
    {
        for (final int n : new int[] {1000, 10_000})
        {
            final double scale = n / 1000.0;
            line("pagekv", n, ScaleMetric.LOAD_SECONDS, 0.5 * scale);
            line("pagekv", n, ScaleMetric.CLOSE_SECONDS, 0.01);
            line("pagekv", n, ScaleMetric.DISK_BYTES, 150.0 * n);
            line("pagekv", n, ScaleMetric.LIVE_HEAP_MIB, n == 1000 ? 10 : 11);
            line("pagekv", n, ScaleMetric.PEAK_HEAP_MIB, 20 * scale);
            for (final double rate : new double[] {1.0e6, 1.2e6, 0.8e6})
            {
                line("pagekv", n, ScaleMetric.READ_RANDOM_PER_SECOND, rate / scale);
            }
            for (final double millis : new double[] {0.3, 0.1, 9.0, 0.2})
            {
                line("pagekv", n, ScaleMetric.OPEN_MILLIS, millis);
            }
        }
        line("rocksdb", 1000, ScaleMetric.LOAD_SECONDS, 0.25);
        LINES.add("writeBatch\tpagekv\t100\t1000\tpeakHeapMiB\t99.0");
    }

    private static void line(final String engine, final int n, final ScaleMetric metric, final double value)
    {
        LINES.add("scale\t" + engine + "\t100\t" + n + "\t" + metric.id() + "\t" + value);
    }

    private final ScaleTable table = new ScaleTable(LINES);

    @Test
    void roundsGiveMeanSpreadAndMedian()
    {
        assertEquals(1.0e6, table.mean(Engine.PAGEKV, 1000, ScaleMetric.READ_RANDOM_PER_SECOND), 1e-3);
        assertEquals(2.0e5, table.spread(Engine.PAGEKV, 1000, ScaleMetric.READ_RANDOM_PER_SECOND).error(), 1e-3);
        assertEquals(0.25, table.median(Engine.PAGEKV, 1000, ScaleMetric.OPEN_MILLIS), 1e-9, "one slow reopen does not move the median");
        assertTrue(Double.isNaN(table.spread(Engine.PAGEKV, 1000, ScaleMetric.LOAD_SECONDS).error()), "one sample has no spread");
        assertNull(table.spread(Engine.ROCKSDB, 10_000, ScaleMetric.LOAD_SECONDS));
        assertEquals(20, table.mean(Engine.PAGEKV, 1000, ScaleMetric.PEAK_HEAP_MIB), 1e-9, "other workloads' lines are not scale figures");
    }

    @Test
    void sizesAreColumnsAndTheLastColumnIsTheGrowth()
    {
        final StringBuilder page = new StringBuilder();
        table.appendTo(page, new RunNote("2026-01-02", "test machine", null), "bench/results/scale.tsv");
        final String text = page.toString();
        assertTrue(text.startsWith("## Scale (n = 1,000 and 10,000)\n\n`bench/run.sh scale`, 2026-01-02, results in `bench/results/scale.tsv`. " +
            "Machine: test machine.\n\n"), text);
        assertTrue(text.contains("| engine | figure | n = 1,000 | n = 10,000 | 10,000 ÷ 1,000 |\n|---|---|---:|---:|---:|\n"), text);
        assertTrue(text.contains("| pagekv | load, entries/s | 2.00 k | 2.00 k | 1.00× |"), text);
        assertTrue(text.contains("| pagekv | load time, s | 0.5 | 5.0 | 10.00× |"), text);
        assertTrue(text.contains("| pagekv | live heap after load, MiB | 10.0 | 11.0 | 1.10× |"), text);
        assertTrue(text.contains("| pagekv | disk, B/entry | 150 | 150 | 1.00× |"), text);
        assertTrue(text.contains("| pagekv | readRandom, gets/s | 1.00 ± 0.20 M | 100 ± 20 k | 0.10× |"), text);
        assertTrue(text.contains("| rocksdb | load, entries/s | 4.00 k | – | – |"), text);
        assertTrue(text.indexOf("| pagekv |") < text.indexOf("| rocksdb |"), "engines in the page's order");
    }

    @Test
    void reportWritesTheScaleSectionFromItsLog(@TempDir final Path dir) throws IOException
    {
        Files.write(dir.resolve("scale.tsv"), LINES);
        final Path page = dir.resolve("benchmarks.md");
        Report.main(new String[] {"scale", dir.toString(), page.toString()});
        final String text = Files.readString(page);
        assertTrue(text.contains("## Scale (n = 1,000 and 10,000)"), text);
        assertTrue(text.contains("The quick profile has no results yet (`bench/run.sh quick`). The full profile has no results yet"), text);
        assertTrue(text.indexOf("## Scale") < text.indexOf("## Workloads"), text);
    }
}
