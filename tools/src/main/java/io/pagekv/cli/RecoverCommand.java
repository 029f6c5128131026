package io.pagekv.cli;

import io.pagekv.SalvageReport;
import io.pagekv.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code pagekv recover DIR TARGET}: writes a new store of every entry of a damaged store that
 * can be proven intact ({@link Store#salvage}), and reports what was lost.
 */
@Command(
    name = "recover",
    mixinStandardHelpOptions = true,
    description = {
        "Salvage a damaged store into a new one.",
        "Writes into TARGET (a new or empty directory) every entry of DIR that proves itself intact: the tree of the newest " +
        "commit that can be read and, when later commits lie beyond damaged history, the intact leaf pages of those commits " +
        "(the newest commit wins for each key range). Nothing is invented and DIR is never written.",
        "Prints what was copied, from which commit, and every page or value that was lost. Exits 0 when nothing was lost, " +
        "3 when TARGET was written but something was lost or DIR's history is damaged, and 3 with nothing written when no " +
        "commit of DIR can be read. Shows progress on a terminal.",
    },
    footerHeading = "%nExample:%n",
    footer = {"  pagekv recover /var/lib/app/data /var/lib/app/data.recovered", "  pagekv recover data rescued --json > recover.json"})
final class RecoverCommand extends Subcommand
{
    @Parameters(index = "0", paramLabel = "DIR", description = "The damaged store directory (only read).")
    private Path dir;

    @Parameters(index = "1", paramLabel = "TARGET", description = "A new or empty directory for the salvaged store.")
    private Path target;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    @Override
    protected int execute() throws IOException
    {
        if (StoreDirectory.inspect(dir) != StoreDirectory.Kind.STORE)
        {
            throw new NoStoreException(dir, "no such store");
        }
        final SalvageReport report;
        try (Progress progress = Progress.start(streams(), "recovering", "entries", 0))
        {
            report = Store.salvage(dir, target, progress::update);
        }
        streams().out().write(json ? RecoverSummary.json(report) : RecoverSummary.text(report));
        if (report.isComplete())
        {
            return ExitCodes.OK;
        }
        return fail(ExitCodes.CORRUPT, "recovered " + report.entriesWritten() + " entries into " + target + "; " +
            report.baseEntriesUnread() + " entries of txn " + report.baseTxn() + " and " + report.losses().size() +
            " pages or values were lost" + (report.damage() == null ? "" : ", history beyond txn " + report.baseTxn() + " is damaged"));
    }
}
