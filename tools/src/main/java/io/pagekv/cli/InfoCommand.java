package io.pagekv.cli;

import io.pagekv.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/**
 * {@code pagekv info DIR}: what a store is and how it uses its files.
 */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = {
        "Show a store's format, commits, segments and files.",
        "Shows the format version, page size, segments with live and written pages, entry count, tree depth, " +
        "last committed txn and time, last checkpoint, and file sizes on disk.",
        "Opens the store read-only; counting live pages walks the tree like verify. Exits 3 if the walk finds a problem.",
    },
    footerHeading = "%nExample:%n",
    footer = {"  pagekv info /var/lib/app/data", "  pagekv info --json data | jq .entries"})
final class InfoCommand extends Subcommand
{
    @Parameters(index = "0", paramLabel = "DIR", description = "The store directory.")
    private Path dir;

    @Mixin
    private DamagePolicyOption damage;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    @Override
    protected int execute() throws Exception
    {
        try (Store store = StoreDirectory.openReadOnly(dir, damage.policy()))
        {
            final InfoReport report = InfoReport.gather(store, streams());
            streams().out().write(json ? report.json() : report.text());
            if (!report.check().isClean())
            {
                return fail(ExitCodes.CORRUPT, report.check().problems().size() + " problem(s) found in " + dir +
                    ", first: " + report.check().problems().get(0) + "; run 'pagekv verify " + dir + "'");
            }
            return ExitCodes.OK;
        }
    }
}
