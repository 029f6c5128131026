package io.pagekv.bench.space;

import io.pagekv.bench.harness.Dataset;
import io.pagekv.bench.report.Machine;
import io.pagekv.bench.report.PageSection;
import io.pagekv.bench.report.Report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The long overwrite run for every contender, one after another in this JVM, written to
 * {@code DOCS/space-overwrites.csv}, {@code DOCS/space-overwrites.svg} and the
 * {@value Report#SPACE_SECTION} section of {@code DOCS/benchmarks.md}:
 *
 * <pre>
 * java -cp benchmarks.jar io.pagekv.bench.space.OverwriteCurves ENTRIES VALUE_BYTES OVERWRITES DOCS
 * </pre>
 *
 * {@code bench/space.sh} builds the jar and runs it with the JVM options the engines need.
 */
public final class OverwriteCurves
{
    private static final int SAMPLES_PER_LIVE_VOLUME = 2;
    private static final String NAME = "space-overwrites";

    private OverwriteCurves()
    {
    }

    /**
     * @param args entries, value bytes, overwrites (multiples of the live data), docs directory.
     * @throws IOException if a file cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length != 4)
        {
            System.err.println("usage: OverwriteCurves ENTRIES VALUE_BYTES OVERWRITES DOCS");
            System.exit(2);
        }
        final int entries = Integer.parseInt(args[0]);
        final int valueBytes = Integer.parseInt(args[1]);
        final int overwrites = Integer.parseInt(args[2]);
        final Path docs = Path.of(args[3]);
        final Dataset dataset = Dataset.of(entries, valueBytes, Integer.MAX_VALUE >> 20);
        final List<Curve> curves = new ArrayList<>();
        for (final Contender contender : Contender.values())
        {
            System.err.printf("== %s: %,d entries of %d B, %dx overwrites%n", contender.label(), dataset.entries(), valueBytes, overwrites);
            final Curve curve = OverwriteRun.run(contender, dataset, overwrites, SAMPLES_PER_LIVE_VOLUME);
            System.err.printf("   peak disk %,d B, at the end %,d B (%.2fx live), %.0f s%n", curve.peakDisk(), curve.lastDisk(),
                (double)curve.lastDisk() / curve.liveBytes(), curve.seconds());
            curves.add(curve);
        }
        final String date = LocalDate.now(ZoneOffset.UTC).toString();
        final String run = date + ", " + Machine.describe();
        Files.writeString(docs.resolve(NAME + ".csv"), CurvePage.csv(curves), StandardCharsets.UTF_8);
        Files.writeString(docs.resolve(NAME + ".svg"), CurveChart.render(curves, run), StandardCharsets.UTF_8);
        final Path page = docs.resolve("benchmarks.md");
        final String command = "bench/space.sh " + entries + " " + valueBytes + " " + overwrites;
        final String section = CurvePage.markdown(curves, command, run, NAME + ".svg", NAME + ".csv", overwrites);
        final String old = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8) : "";
        Files.writeString(page, PageSection.replace(old, Report.SPACE_SECTION, section), StandardCharsets.UTF_8);
    }
}
