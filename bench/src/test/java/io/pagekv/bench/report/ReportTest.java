package io.pagekv.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page generator on a small JMH result file: unit conversions, the best peer and ratio,
 * the reasons given for workloads an engine cannot run, and a well-formed chart.
 */
class ReportTest
{
    private static final String RUN = "\"jmhVersion\":\"1.37\",\"jdkVersion\":\"17\",\"vmName\":\"VM\",\"vmVersion\":\"1\"," +
        "\"forks\":1,\"warmupIterations\":1,\"warmupTime\":\"1 s\",\"measurementIterations\":3,\"measurementTime\":\"1 s\",";

    private static String entry(final String benchmark, final String params, final String mode, final double score, final String error, final String unit)
    {
        return threadedEntry(benchmark, 1, params, mode, score, error, unit);
    }

    static String threadedEntry(
        final String benchmark, final int threads, final String params, final String mode, final double score, final String error, final String unit)
    {
        return "{\"benchmark\":\"io.pagekv.bench.jmh." + benchmark + "\",\"mode\":\"" + mode + "\",\"threads\":" + threads + "," + RUN +
            "\"params\":{" + params + "},\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":" + error +
            ",\"scoreUnit\":\"" + unit + "\"},\"secondaryMetrics\":{}}";
    }

    static final String JSON = "[" + String.join(",",
        entry("ReadRandomBenchmark.readRandom", "\"engine\":\"pagekv\",\"n\":\"1000\",\"valueSize\":\"100\",\"dataMiB\":\"16\"", "thrpt", 3.0e6, "1.0e5", "ops/s"),
        entry("ReadRandomBenchmark.readRandom", "\"engine\":\"lmdbjava\",\"n\":\"1000\",\"valueSize\":\"100\",\"dataMiB\":\"16\"", "thrpt", 2.0e6, "\"NaN\"", "ops/s"),
        entry("ReadRandomBenchmark.readRandom", "\"engine\":\"rocksdb\",\"n\":\"1000\",\"valueSize\":\"100\",\"dataMiB\":\"16\"", "thrpt", 1.0e6, "2.0e4", "ops/s"),
        entry("MappedReadLimit.readRandom", "\"n\":\"1000\",\"valueSize\":\"100\",\"dataMiB\":\"16\"", "thrpt", 2.0e7, "1.0e5", "ops/s"),
        entry("WriteBatchBenchmark.writeBatch", "\"engine\":\"pagekv\",\"n\":\"1000\",\"valueSize\":\"100\",\"dataMiB\":\"16\"", "ss", 500, "50", "ms/op"),
        entry("WriteBatchBenchmark.writeBatch", "\"engine\":\"mapdb\",\"n\":\"1000\",\"valueSize\":\"100\",\"dataMiB\":\"16\"", "ss", 250, "25", "ms/op"),
        entry("ReadSeqBenchmark.readSeq", "\"engine\":\"pagekv\",\"n\":\"1000\"", "thrpt", 20, "1", "ops/s"),
        entry("ReadSeqBenchmark.scanTouch", "\"engine\":\"pagekv\",\"n\":\"1000\"", "thrpt", 50, "1", "ops/s")) + "]";

    private final List<Measurement> measurements = Measurement.parseAll(JSON);
    private final ResultTable table = new ResultTable(measurements);

    @Test
    void loadTimesBecomeEntriesPerSecondWithTheSameRelativeError()
    {
        final Figure pagekv = table.figure(Workload.WRITE_BATCH, "pagekv");
        assertEquals(2_000, pagekv.value(), 1e-6);
        assertEquals(200, pagekv.error(), 1e-6);
        assertEquals(0.5, table.ratioToBestPeer(Workload.WRITE_BATCH), 1e-9);
        assertEquals("mapdb", table.bestPeer(Workload.WRITE_BATCH));
    }

    @Test
    void scansBecomeEntriesPerSecond()
    {
        assertEquals(20_000, table.figure(Workload.READ_SEQ, "pagekv").value(), 1e-6);
        assertEquals(50_000, table.figure(Workload.SCAN_TOUCH, "pagekv").value(), 1e-6);
    }

    @Test
    void limitsGoToTheirOwnColumnAndNotIntoTheRatio()
    {
        assertEquals(2.0e7, table.figure(Workload.READ_RANDOM, ResultTable.LIMIT).value(), 1e-6);
        assertEquals(1.5, table.ratioToBestPeer(Workload.READ_RANDOM), 1e-9);
        assertNull(table.figure(Workload.READ_RANDOM_8K, "pagekv"));
    }

    @Test
    void pageShowsErrorsRatiosAndWhyAnEngineCannotRunAWorkload()
    {
        final String page = new ProfileSection(table, new GroupCommitTable(measurements),
            new Footprints(List.of("writeBatch\tpagekv\t100\t1000\tdiskBytesPerEntry\t250.0",
                "writeBatch\tpagekv\t100\t1000\tdiskBytesPerEntryCompacted\t180.0")),
            RunFacts.of(measurements), "quick", new RunNote("2026-01-01", "test machine", "Load average when the run ended (1, 5, 15 min): 1.00, 0.50, 0.25."),
            "benchmarks.svg", "bench/results/quick.json").render("Quick profile");
        assertTrue(page.contains("| readRandom | gets/s | 3.00 ± 0.10 M | **2.00 ± ? M** |"), page);
        assertTrue(page.contains("1.50× (vs lmdbjava)"), page);
        assertTrue(page.contains("cannot run readSeq: Chronicle Map is a hash map"), page);
        assertTrue(page.contains("| scanTouch | entries/s | 50.0"), page);
        assertTrue(page.contains("| pagekv | 250 |"), page);
        assertTrue(page.contains("| pagekv after `compact()` | 180 | – | – |  |  |  |  |\n| lmdbjava |"), page);
        assertTrue(page.contains("JMH 1.37. Load average when the run ended (1, 5, 15 min): 1.00, 0.50, 0.25."), page);
        assertTrue(page.startsWith("## Quick profile (n = 1,000)\n\n`bench/run.sh quick`, 2026-01-01, results in `bench/results/quick.json`."), page);
        assertTrue(page.contains("![pagekv and its peers, throughput per workload, quick profile](benchmarks.svg)"), page);
        assertTrue(!page.contains("Group commit"), "no group-commit results, no table: " + page);
        assertTrue(!page.contains("| writeBatch 8 KiB |") && !page.contains("| open |"), "rows of workloads not run are left out: " + page);
    }

    @Test
    void chartIsOneSvgDocumentWithABarPerFigure()
    {
        final String svg = SvgChart.render(table, new String[] {"run", "machine"});
        assertTrue(svg.startsWith("<svg ") && svg.trim().endsWith("</svg>"));
        assertEquals(1 + 6 + 7, svg.split("<rect ", -1).length - 1, "background, 6 legend swatches, one bar per engine figure (7)");
    }

    @Test
    void sectionsAreReplacedOrAppendedAndTheRestKept()
    {
        final String page = "# title\n\ntext\n";
        final String once = PageSection.replace(page, "curves", "first\n");
        assertEquals("# title\n\ntext\n\n<!-- curves:begin -->\nfirst\n<!-- curves:end -->\n", once);
        final String twice = PageSection.replace(once, "curves", "second\n");
        assertEquals(once.replace("first", "second"), twice);
        assertEquals("<!-- curves:begin -->\nsecond\n<!-- curves:end -->", PageSection.find(twice, "curves"));
        assertNull(PageSection.find(page, "curves"));
    }

    @Test
    void regeneratingThePageKeepsTheOverwriteCurvesAndHandWrittenSections(@TempDir final Path dir) throws IOException
    {
        Files.writeString(dir.resolve("quick.json"), JSON);
        final Path page = dir.resolve("benchmarks.md");
        final String hand = "\n<!-- Not generated -->\n## By hand\n\nkept\n";
        Files.writeString(page, PageSection.replace("# old page\n", Report.SPACE_SECTION, "## the curves\n") + hand);
        Report.main(new String[] {"quick", dir.toString(), page.toString()});
        final String regenerated = Files.readString(page);
        assertTrue(regenerated.startsWith("<!-- bench-report:begin -->\n# pagekv benchmarks"), regenerated);
        assertTrue(regenerated.endsWith("<!-- space-overwrites:begin -->\n## the curves\n<!-- space-overwrites:end -->\n" + hand), regenerated);
        assertTrue(!regenerated.contains("# old page"), regenerated);
        assertTrue(Files.exists(dir.resolve("benchmarks.svg")));
        assertTrue(Files.exists(RunNote.file(dir, "quick")), "the run's note is kept beside its results");

        Files.writeString(dir.resolve("full.json"), JSON.replace("\"n\":\"1000\"", "\"n\":\"5000\""));
        Report.main(new String[] {"full", dir.toString(), page.toString()});
        final String both = Files.readString(page);
        assertEquals(1, both.split("# pagekv benchmarks", -1).length - 1, both);
        assertTrue(both.endsWith("<!-- space-overwrites:end -->\n" + hand), both);
        final int quick = both.indexOf("## Quick profile (n = 1,000)");
        final int full = both.indexOf("## Full profile (n = 5,000)");
        assertTrue(quick > 0 && full > quick && both.indexOf("## Workloads") > full, both);
        assertTrue(both.contains("![pagekv and its peers, throughput per workload, full profile](benchmarks-full.svg)"), both);
        assertTrue(both.contains("The scale run has no results yet (`bench/run.sh scale`)."), both);
        assertTrue(Files.exists(dir.resolve("benchmarks-full.svg")));
    }

    @Test
    void aPageWithoutTheOverwriteCurvesIsReplacedWhole()
    {
        assertEquals("<!-- bench-report:begin -->\nnew\n<!-- bench-report:end -->\n", Report.merge("# old page\n", "new\n"));
        final String once = Report.merge("", "new\n");
        assertEquals(once.replace("new", "newer"), Report.merge(once + "\nkept\n", "newer\n").replace("\nkept\n", ""));
        assertTrue(Report.merge(once + "\nkept\n", "newer\n").endsWith("\nkept\n"));
    }
}
