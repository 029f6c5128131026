package io.pagekv.cli;

import io.pagekv.BackupReport;
import io.pagekv.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/**
 * {@code pagekv backup DIR TARGET}: a hot, compact copy of a live store.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
        "Write a consistent copy of the store's latest commit into TARGET, holding live pages only.",
        "Works while another process writes DIR: it opens DIR read-only. The copy is built beside TARGET, forced to disk, " +
        "and renamed into place in one step, so TARGET is either absent or a whole store. TARGET must not exist.",
    },
    footerHeading = "%nExample:%n",
    footer = {"  pagekv backup /var/lib/app/data /backups/data-2026-12-01", "  pagekv backup data copy --json"})
final class BackupCommand extends Subcommand
{
    @Parameters(index = "0", paramLabel = "DIR", description = "The store directory.")
    private Path dir;

    @Parameters(index = "1", paramLabel = "TARGET", description = "Where the copy goes; must not exist.")
    private Path target;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    @Override
    protected int execute() throws Exception
    {
        final BackupReport report;
        try (Store store = StoreDirectory.openReadOnly(dir))
        {
            report = store.backup(target);
        }
        if (json)
        {
            streams().out().write(JsonStyle.document(out ->
            {
                out.writeStartObject();
                out.writeStringProperty("dir", dir.toString());
                out.writeStringProperty("target", target.toString());
                out.writeNumberProperty("txnId", report.txnId());
                out.writeNumberProperty("entries", report.entries());
                out.writeNumberProperty("fileBytes", report.bytes());
                out.writeNumberProperty("millis", report.nanos() / 1_000_000);
                out.writeEndObject();
            }));
        }
        else
        {
            streams().out().write(String.format("backed up %s (its txn %d) into %s: %,d entries in %d ms%n",
                dir, report.txnId(), target, report.entries(), report.nanos() / 1_000_000));
        }
        return ExitCodes.OK;
    }
}
