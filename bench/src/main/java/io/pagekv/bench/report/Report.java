package io.pagekv.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the results page and its charts from every run whose results are in a directory:
 *
 * <pre>
 * java -cp benchmarks.jar io.pagekv.bench.report.Report PROFILE RESULTS_DIR PAGE.md
 * </pre>
 *
 * {@code PROFILE} ({@code quick}, {@code full} or {@code scale}) is the run that just ended: its
 * {@link RunNote} (date, machine, load) is saved beside its results first; {@code -} only
 * regenerates the page. Then each profile with
 * results ({@code quick.json} and {@code quick-metrics.tsv}, {@code full.json} and
 * {@code full-metrics.tsv}) gets a section and a chart ({@code benchmarks.svg} for quick,
 * {@code benchmarks-full.svg} for full, beside the page), and {@code scale.tsv} the scale
 * section. Only the page's generated section ({@value BenchmarksPage#SECTION}) is rewritten: the
 * overwrite curves ({@value #SPACE_SECTION}) and hand-written sections are kept. A page from before
 * the generated section had markers keeps what follows its overwrite curves' start.
 */
public final class Report
{
    /** The page's section that {@code io.pagekv.bench.space.OverwriteCurves} writes. */
    public static final String SPACE_SECTION = "space-overwrites";

    /** The JMH profiles, in page order, with their section titles and chart files. */
    private static final String[][] PROFILES = {{"quick", "Quick profile", "benchmarks.svg"}, {"full", "Full profile", "benchmarks-full.svg"}};
    private static final String SCALE = "scale";

    private Report()
    {
    }

    /**
     * @param args profile just run (or {@code -}), results directory, page.
     * @throws IOException if a file cannot be read or written.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length != 3)
        {
            System.err.println("usage: Report PROFILE RESULTS_DIR PAGE.md");
            System.exit(2);
        }
        final Path results = Path.of(args[1]);
        final Path page = Path.of(args[2]);
        if (!args[0].equals("-"))
        {
            RunNote.now().write(RunNote.file(results, args[0]));
        }
        final List<String> sections = new ArrayList<>();
        final List<String> missing = new ArrayList<>();
        for (final String[] profile : PROFILES)
        {
            final String section = profileSection(profile[0], profile[1], results, args[1], page.resolveSibling(profile[2]));
            if (section == null)
            {
                missing.add(profile[0]);
            }
            else
            {
                sections.add(section);
            }
        }
        final String generated = BenchmarksPage.render(sections, missing, scaleSection(results, args[1]));
        final String old = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8) : "";
        Files.writeString(page, merge(old, generated), StandardCharsets.UTF_8);
    }

    private static String profileSection(
        final String profile, final String title, final Path results, final String shownDir, final Path chart) throws IOException
    {
        final Path json = results.resolve(profile + ".json");
        if (!Files.exists(json))
        {
            return null;
        }
        final List<Measurement> measurements = Measurement.parseAll(Files.readString(json, StandardCharsets.UTF_8));
        if (measurements.isEmpty())
        {
            throw new IllegalArgumentException(json + " holds no results");
        }
        final Path metrics = results.resolve(profile + "-metrics.tsv");
        final ResultTable table = new ResultTable(measurements);
        final Footprints footprints = new Footprints(Files.exists(metrics) ? Files.readAllLines(metrics) : List.of());
        final RunFacts facts = RunFacts.of(measurements);
        final RunNote note = RunNote.read(RunNote.file(results, profile), json);
        Files.writeString(chart, SvgChart.render(table, new String[] {
            "profile " + profile + ", n = " + facts.n() + ", " + note.date() + ", JDK " + facts.jdk(), note.machine()}),
            StandardCharsets.UTF_8);
        return new ProfileSection(table, new GroupCommitTable(measurements), footprints, facts, profile, note,
            chart.getFileName().toString(), shownDir + "/" + json.getFileName()).render(title);
    }

    private static String scaleSection(final Path results, final String shownDir) throws IOException
    {
        final Path tsv = results.resolve(SCALE + ".tsv");
        final ScaleTable table = new ScaleTable(Files.exists(tsv) ? Files.readAllLines(tsv) : List.of());
        if (table.isEmpty())
        {
            return null;
        }
        final StringBuilder section = new StringBuilder();
        table.appendTo(section, RunNote.read(RunNote.file(results, SCALE), tsv), shownDir + "/" + tsv.getFileName());
        return section.toString();
    }

    /**
     * @param old       the page as it is (empty if there is none).
     * @param generated the new generated part.
     * @return the page with the generated part replaced and everything else kept.
     */
    static String merge(final String old, final String generated)
    {
        if (PageSection.find(old, BenchmarksPage.SECTION) != null || old.isEmpty())
        {
            return PageSection.replace(old, BenchmarksPage.SECTION, generated);
        }
        // A page from before the markers: all of it was generated up to the overwrite curves.
        final int kept = old.indexOf(PageSection.begin(SPACE_SECTION));
        final String fresh = PageSection.replace("", BenchmarksPage.SECTION, generated);
        return kept < 0 ? fresh : fresh + "\n" + old.substring(kept);
    }
}
