package io.pagekv.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes the results page and its chart from a run's files:
 *
 * <pre>
 * java -cp benchmarks.jar io.pagekv.bench.report.Report PROFILE RESULTS.json METRICS.tsv PAGE.md CHART.svg
 * </pre>
 *
 * The chart is linked from the page by its file name, so keep them in one directory. The
 * results path is written into the page as given. The page's {@value #SPACE_SECTION} section,
 * which another program writes, is kept.
 */
public final class Report
{
    /** The page's section that {@code io.pagekv.bench.space.OverwriteCurves} writes. */
    public static final String SPACE_SECTION = "space-overwrites";

    private Report()
    {
    }

    /**
     * @param args profile, JMH JSON, metrics log, page, chart.
     * @throws IOException if a file cannot be read or written.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length != 5)
        {
            System.err.println("usage: Report PROFILE RESULTS.json METRICS.tsv PAGE.md CHART.svg");
            System.exit(2);
        }
        final String profile = args[0];
        final Path results = Path.of(args[1]);
        final Path metrics = Path.of(args[2]);
        final Path page = Path.of(args[3]);
        final Path chart = Path.of(args[4]);
        final List<Measurement> measurements = Measurement.parseAll(Files.readString(results, StandardCharsets.UTF_8));
        if (measurements.isEmpty())
        {
            throw new IllegalArgumentException(results + " holds no results");
        }
        final ResultTable table = new ResultTable(measurements);
        final Footprints footprints = new Footprints(Files.exists(metrics) ? Files.readAllLines(metrics) : List.of());
        final RunFacts facts = RunFacts.of(measurements);
        final String machine = Machine.describe();
        final String date = LocalDate.now(ZoneOffset.UTC).toString();
        Files.writeString(chart, SvgChart.render(table, new String[] {
            "profile " + profile + ", n = " + facts.n() + ", " + date + ", JDK " + facts.jdk(), machine}),
            StandardCharsets.UTF_8);
        String rendered = new MarkdownPage(table, footprints, facts, profile, date, machine, Machine.loadNote(),
            chart.getFileName().toString(), args[1]).render();
        // The overwrite curves come from another program (io.pagekv.bench.space.OverwriteCurves): keep them.
        final String curves = Files.exists(page) ? PageSection.find(Files.readString(page, StandardCharsets.UTF_8), SPACE_SECTION) : null;
        if (curves != null)
        {
            rendered = rendered + "\n" + curves + "\n";
        }
        Files.writeString(page, rendered, StandardCharsets.UTF_8);
    }
}
