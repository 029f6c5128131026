package io.pagekv.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The group-commit series read from a small JMH result file: thread counts from JMH's
 * {@code threads}, the ratio to one thread, the reasons for the engines that cannot run it.
 */
class GroupCommitTableTest
{
    private static String commit(final String engine, final int threads, final double score)
    {
        return ReportTest.threadedEntry("GroupCommitBenchmark.groupCommit" + threads, threads,
            "\"engine\":\"" + engine + "\",\"n\":\"1000\"", "thrpt", score, "10.0", "ops/s");
    }

    private static final String JSON = "[" + String.join(",",
        commit("pagekv", 1, 1000), commit("pagekv", 2, 1900), commit("pagekv", 4, 3600), commit("pagekv", 8, 6000),
        commit("lmdbjava", 1, 500), commit("lmdbjava", 8, 520),
        ReportTest.threadedEntry("WriteSyncBenchmark.writeSync", 1, "\"engine\":\"pagekv\",\"n\":\"1000\"", "thrpt", 999, "1.0", "ops/s")) + "]";

    private final GroupCommitTable table = new GroupCommitTable(Measurement.parseAll(JSON));

    @Test
    void readsTheThreadCountsAndTheRatioToOneThread()
    {
        assertEquals(6000, table.figure("pagekv", 8).value(), 1e-9);
        assertEquals(6.0, table.speedup("pagekv", 8), 1e-9);
        assertEquals(1.04, table.speedup("lmdbjava", 8), 1e-9);
        assertNull(table.figure("lmdbjava", 2));
        assertTrue(Double.isNaN(table.speedup("rocksdb", 8)));
    }

    @Test
    void otherBenchmarksAreNotPartOfTheSeries()
    {
        assertEquals(1000, table.figure("pagekv", 1).value(), 1e-9);
    }

    @Test
    void tableHasAColumnPerThreadCountAndSaysWhyAnEngineIsMissing()
    {
        final StringBuilder page = new StringBuilder();
        table.appendTo(page);
        final String text = page.toString();
        assertTrue(text.contains("| engine | 1 thread | 2 threads | 4 threads | 8 threads |\n|---|---:|---:|---:|---:|\n"), text);
        assertTrue(text.contains("| pagekv | 1.00 ± 0.01 k | 1.90 ± 0.01 k (1.90×) | 3.60 ± 0.01 k (3.60×) | 6.00 ± 0.01 k (6.00×) |"), text);
        assertTrue(text.contains("| lmdbjava | 500 ± 10 | n/a (1) | n/a (1) | 520 ± 10 (1.04×) |"), text);
        assertTrue(text.contains("1. lmdbjava 0.9.1 produced no result in this run"), text);
        assertTrue(text.contains("MapDB 3.1.0 cannot run it: MapDB has one transaction per database"), text);
        assertTrue(text.contains("Chronicle Map 3.27ea0 cannot run it: Chronicle Map has no commit"), text);
    }

    @Test
    void runWithoutTheSeriesWritesNothing()
    {
        final StringBuilder page = new StringBuilder();
        new GroupCommitTable(List.of()).appendTo(page);
        assertEquals("", page.toString());
    }
}
