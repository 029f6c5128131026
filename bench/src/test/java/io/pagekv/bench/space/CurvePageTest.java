package io.pagekv.bench.space;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The overwrite run's outputs from known curves: one CSV line per sample, one table row and one
 * chart line per contender, the figures in the table computed from the samples.
 */
class CurvePageTest
{
    private static final long MIB = 1 << 20;

    private final List<Curve> curves = List.of(
        new Curve(Contender.PAGEKV, 1000, 108, List.of(new Curve.Sample(0, 4 * MIB), new Curve.Sample(54_000, 6 * MIB), new Curve.Sample(108_000, 5 * MIB)),
            5 * MIB, 200_000, 1.25, 3.0),
        new Curve(Contender.ROCKSDB, 1000, 108, List.of(new Curve.Sample(0, MIB), new Curve.Sample(108_000, 2 * MIB)), 3 * MIB, -1, Double.NaN, 1.0));

    @Test
    void csvHasOneLinePerSample()
    {
        final List<String> lines = CurvePage.csv(curves).lines().toList();
        assertEquals("contender,liveBytes,overwrittenBytes,diskBytes", lines.get(0));
        assertEquals(1 + 3 + 2, lines.size());
        assertEquals("pagekv,108000,54000,6291456", lines.get(2));
        assertEquals("rocksdb,108000,108000,2097152", lines.get(5));
    }

    @Test
    void tableShowsPeakEndAndBytesPerEntry()
    {
        final String page = CurvePage.markdown(curves, "bench/space.sh 1000 100 1", "today, test machine", "c.svg", "c.csv", 1);
        assertTrue(page.contains("\n```\nbench/space.sh 1000 100 1\n```\n"), page);
        assertTrue(page.contains("| pagekv | 4.0 | 6.0 | 5.0 | 48.55× | 5,243 | 200 | 3 |"), page);
        assertTrue(page.contains("| rocksdb | 1.0 | 2.0 | 2.0 | 19.42× | 3,146 |  | 1 |"), page);
        assertTrue(page.contains("pagekv's log had written 1.25× its live pages"), page);
        assertTrue(page.contains("- **rocksdb**: its default leveled compaction"), page);
    }

    @Test
    void chartDrawsALinePerContender()
    {
        final String svg = CurveChart.render(curves, "today");
        assertTrue(svg.startsWith("<svg ") && svg.trim().endsWith("</svg>"));
        assertEquals(2, svg.split("<polyline ", -1).length - 1);
        assertTrue(svg.contains(">pagekv</text>") && svg.contains(">rocksdb</text>"), svg);
    }
}
