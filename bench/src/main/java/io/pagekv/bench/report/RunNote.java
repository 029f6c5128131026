package io.pagekv.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * When and where a profile ran, kept beside its results as {@code PROFILE-run.txt} (three
 * lines: date, machine, load note) so that the page can be regenerated later, after another
 * profile's run, and still say so.
 *
 * @param date     the day the run ended, UTC.
 * @param machine  the machine, see {@link Machine#describe()}.
 * @param loadNote the load averages when the run ended, or null if unknown.
 */
record RunNote(String date, String machine, String loadNote)
{
    /**
     * @return the note of a run ending now on this machine.
     */
    static RunNote now()
    {
        return new RunNote(LocalDate.now(ZoneOffset.UTC).toString(), Machine.describe(), Machine.loadNote());
    }

    /**
     * @param dir     the results directory.
     * @param profile the profile.
     * @return the path of its note.
     */
    static Path file(final Path dir, final String profile)
    {
        return dir.resolve(profile + "-run.txt");
    }

    /**
     * @param note    the note file, as {@link #write} wrote it.
     * @param results the profile's results file: its modification day stands in for a missing note.
     * @return the note; without a note file, the results file's day, this machine and no load note.
     * @throws IOException if a file cannot be read.
     */
    static RunNote read(final Path note, final Path results) throws IOException
    {
        if (!Files.exists(note))
        {
            final Instant modified = Files.getLastModifiedTime(results).toInstant();
            return new RunNote(LocalDate.ofInstant(modified, ZoneOffset.UTC).toString(), Machine.describe(), null);
        }
        final List<String> lines = Files.readAllLines(note, StandardCharsets.UTF_8);
        return new RunNote(lines.get(0), lines.get(1), lines.size() > 2 && !lines.get(2).isEmpty() ? lines.get(2) : null);
    }

    /**
     * @param note where to write it.
     * @throws IOException if it cannot be written.
     */
    void write(final Path note) throws IOException
    {
        Files.writeString(note, date + "\n" + machine + "\n" + (loadNote == null ? "" : loadNote) + "\n", StandardCharsets.UTF_8);
    }

    /**
     * @param page where the sentence goes: the machine, the JDK and JMH, the load.
     * @param jdk  the JDK of the run.
     * @param jmh  the JMH version, or null for a run outside JMH.
     */
    void appendTo(final StringBuilder page, final String jdk, final String jmh)
    {
        page.append("Machine: ").append(machine).append('.');
        if (jdk != null)
        {
            page.append(" JDK ").append(jdk).append(jmh == null ? "." : ", JMH " + jmh + ".");
        }
        if (loadNote != null)
        {
            page.append(' ').append(loadNote);
        }
        page.append("\n\n");
    }
}
