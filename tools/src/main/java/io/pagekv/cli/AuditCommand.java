package io.pagekv.cli;

import io.pagekv.Store;
import io.pagekv.audit.AuditLogVerifier;
import io.pagekv.audit.AuditRecord;
import io.pagekv.audit.AuditTailReader;
import io.pagekv.audit.AuditVerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayDeque;

/**
 * {@code pagekv audit verify DIR} and {@code pagekv audit tail DIR [--follow]}: the store's
 * durable audit log checked, or its newest records shown and the live feed followed.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
        "Check or follow a store's audit trail (see docs/audit.md).",
        "verify: checks the durable log in DIR/audit: every file present, every record whole, in sequence and " +
        "chained by SHA-256 to the one before, and that the log agrees with the store's last commit. Names the first " +
        "bad record (file, offset, sequence number). Exits 0 when clean, 3 when not, 6 without a store or a log.",
        "tail: prints the newest records of the durable log; with --follow, then prints each write of the writer " +
        "process as it happens, from the live feed in DIR/audit/tail, until interrupted.",
    },
    footerHeading = "%nExamples:%n",
    footer = {"  pagekv audit verify /var/lib/app/data", "  pagekv audit tail data -n 20", "  pagekv audit tail data --follow"})
final class AuditCommand extends Subcommand
{
    /** What to do. */
    enum Action { verify, tail }

    @Parameters(index = "0", paramLabel = "ACTION", description = "verify or tail.")
    private Action action;

    @Parameters(index = "1", paramLabel = "DIR", description = "The store directory.")
    private Path dir;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "tail: how many of the newest logged records to print first (default: ${DEFAULT-VALUE}).")
    private int lines = 10;

    @Option(names = {"-f", "--follow"}, description = "tail: then follow the live feed of the writing process.")
    private boolean follow;

    @Option(names = "--max-events", paramLabel = "N", description = "tail --follow: stop after N live events (default: follow until interrupted).")
    private long maxEvents = Long.MAX_VALUE;

    @Option(names = "--records", description = "verify: print every good record as it is checked.")
    private boolean records;

    @Override
    protected int execute() throws IOException, InterruptedException
    {
        StoreDirectory.requireStore(dir);
        return action == Action.verify ? verify() : tail();
    }

    private int verify() throws IOException
    {
        if (!AuditLogVerifier.hasLog(dir))
        {
            return fail(ExitCodes.NO_STORE, "no audit log in " + dir + ": its writer does not use AuditSinks.durableLog()");
        }
        final long head;
        try (Store store = StoreDirectory.openReadOnly(dir))
        {
            head = store.info().lastTxnId();
        }
        final Writer out = streams().out();
        final AuditVerifyReport report = AuditLogVerifier.verify(dir, head, records ? record -> println(out, record.toLine()) : null);
        out.write("audit log of " + dir + ": " + report.files() + (report.files() == 1 ? " file, " : " files, ") + report.records() +
            " good records\n");
        for (final String note : report.notes())
        {
            out.write("note: " + note + "\n");
        }
        if (report.firstProblem() != null)
        {
            return fail(ExitCodes.CORRUPT, "audit log of " + dir + " is not intact: first bad record in " + report.firstProblem());
        }
        if (report.disagreement() != null)
        {
            return fail(ExitCodes.CORRUPT, "audit log of " + dir + " and the store disagree: " + report.disagreement());
        }
        out.write("chain intact; the log agrees with the store at txn " + head + "\n");
        return ExitCodes.OK;
    }

    private int tail() throws IOException, InterruptedException
    {
        final Writer out = streams().out();
        final boolean hasLog = AuditLogVerifier.hasLog(dir);
        if (!hasLog && !follow)
        {
            return fail(ExitCodes.NO_STORE, "no audit log in " + dir + ": its writer does not use AuditSinks.durableLog()");
        }
        if (follow && !AuditTailReader.hasTail(dir))
        {
            return fail(ExitCodes.NO_STORE, "no live audit feed in " + dir + ": its writer does not use AuditSinks.liveTail()");
        }
        // The feed first, so that nothing written while the log is read falls between the two.
        try (AuditTailReader live = follow ? AuditTailReader.open(dir) : null)
        {
            if (hasLog && lines > 0)
            {
                final ArrayDeque<AuditRecord> newest = new ArrayDeque<>();
                AuditLogVerifier.verify(dir, -1, record ->
                {
                    newest.addLast(record);
                    if (newest.size() > lines)
                    {
                        newest.removeFirst();
                    }
                });
                for (final AuditRecord record : newest)
                {
                    out.write(record.toLine() + "\n");
                }
            }
            out.flush();
            if (live == null)
            {
                return ExitCodes.OK;
            }
            long seen = 0;
            while (seen < maxEvents)
            {
                final long before = seen;
                seen += live.poll(record -> println(out, record.toLine()), (int)Math.min(Integer.MAX_VALUE, maxEvents - seen));
                if (seen == before)
                {
                    Thread.sleep(1);
                }
            }
            return ExitCodes.OK;
        }
    }

    private static void println(final Writer out, final String line)
    {
        try
        {
            out.write(line + "\n");
            out.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
