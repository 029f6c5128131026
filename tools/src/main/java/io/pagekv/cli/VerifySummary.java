package io.pagekv.cli;

import io.pagekv.CorruptStoreException;
import io.pagekv.VerifyProblem;
import io.pagekv.VerifyReport;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The result of {@code pagekv verify} as text or JSON: a summary of what was checked, then
 * every problem with its file, page and offset.
 */
final class VerifySummary
{
    private VerifySummary()
    {
    }

    /**
     * @param dir   the store directory.
     * @param check the finished check.
     * @return the summary and the problems, for people.
     */
    static String text(final Path dir, final StoreCheck check)
    {
        final VerifyReport report = check.report();
        final StringBuilder text = new StringBuilder();
        text.append("verified ").append(dir).append(" at txn ").append(report.txnId()).append(" in ")
            .append(Units.seconds(check.nanos())).append('\n');
        text.append(String.format("  %-10s %d, tree depth %d%n", "entries", report.entries(), report.depth()));
        final StringBuilder pages = new StringBuilder();
        long reachable = 0;
        for (final Map.Entry<String, Long> e : report.pagesByType().entrySet())
        {
            pages.append(pages.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
            reachable += e.getValue();
        }
        text.append(String.format("  %-10s %d reachable%s%n", "pages", reachable, pages.length() == 0 ? "" : ": " + pages));
        text.append(String.format("  %-10s %d checked along the chain%n", "commits", report.commitsChecked()));
        for (final VerifyReport.SegmentUsage segment : report.segments())
        {
            text.append(String.format("  %-10s %s: %d live of %d written, %d pages%n", "segment", segment.file(),
                segment.livePages(), segment.writtenPages(), segment.capacityPages()));
        }
        return text.append(problems(check.problems())).toString();
    }

    /**
     * @param dir   the store directory.
     * @param ex    why it could not be opened.
     * @return the one problem, for people.
     */
    static String unopenable(final Path dir, final CorruptStoreException ex)
    {
        return "verify of " + dir + ": the store cannot be opened\n" + problems(List.of(problem(ex)));
    }

    /**
     * @param ex a corruption found while opening or reading.
     * @return it as a problem: file, page, offset and what is wrong.
     */
    static VerifyProblem problem(final CorruptStoreException ex)
    {
        final StringBuilder prefix = new StringBuilder("corrupt store: ");
        if (ex.page() != CorruptStoreException.UNKNOWN)
        {
            prefix.append("page ").append(ex.page()).append(" in ");
        }
        prefix.append(ex.file());
        if (ex.offset() != CorruptStoreException.UNKNOWN)
        {
            prefix.append(" at offset ").append(ex.offset());
        }
        prefix.append(": ");
        final String message = ex.getMessage();
        final String what = message.startsWith(prefix.toString()) ? message.substring(prefix.length()) : message;
        return new VerifyProblem(ex.file(), ex.page(), ex.offset(), what);
    }

    private static String problems(final List<VerifyProblem> problems)
    {
        if (problems.isEmpty())
        {
            return "result: clean, no problems\n";
        }
        final StringBuilder text = new StringBuilder("result: ").append(problems.size())
            .append(problems.size() == 1 ? " problem" : " problems").append('\n');
        for (final VerifyProblem problem : problems)
        {
            text.append("  ").append(problem).append('\n');
        }
        return text.toString();
    }

    /**
     * @param dir      the store directory.
     * @param report   what the walk found, or null if the store could not be opened.
     * @param problems every problem.
     * @return the result as one JSON object.
     */
    static String json(final Path dir, final VerifyReport report, final List<VerifyProblem> problems)
    {
        return JsonStyle.document(json ->
        {
            json.writeStartObject();
            json.writeStringProperty("dir", dir.toString());
            json.writeBooleanProperty("clean", problems.isEmpty());
            if (report != null)
            {
                json.writeNumberProperty("txnId", report.txnId());
                json.writeNumberProperty("entries", report.entries());
                json.writeNumberProperty("treeDepth", report.depth());
                json.writeNumberProperty("commitsChecked", report.commitsChecked());
                json.writeObjectPropertyStart("pagesByType");
                report.pagesByType().forEach(json::writeNumberProperty);
                json.writeEndObject();
                json.writeArrayPropertyStart("segments");
                for (final VerifyReport.SegmentUsage segment : report.segments())
                {
                    json.writeStartObject();
                    json.writeStringProperty("file", segment.file());
                    json.writeNumberProperty("capacityPages", segment.capacityPages());
                    json.writeNumberProperty("writtenPages", segment.writtenPages());
                    json.writeNumberProperty("livePages", segment.livePages());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeArrayPropertyStart("problems");
            for (final VerifyProblem problem : problems)
            {
                json.writeStartObject();
                json.writeStringProperty("file", String.valueOf(problem.file()));
                json.writeNumberProperty("page", problem.page());
                json.writeNumberProperty("offset", problem.offset());
                json.writeStringProperty("what", problem.what());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }
}
