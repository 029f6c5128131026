package io.pagekv.cli;

import io.pagekv.CorruptStoreException;
import io.pagekv.Store;
import io.pagekv.VerifyProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code pagekv verify DIR}: checks every reachable page and the commit chain.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
        "Check every reachable page and the commit chain.",
        "Walks every page reachable from the last commit: checksums, page ids, key order inside and across pages, " +
        "fill, tree depth, overflow runs, entry count; then the chain of commit records, and segment file lengths.",
        "Prints a summary, then each problem with its file, page and offset. Exits 0 only when the store is clean, 3 otherwise.",
        "Opens the store read-only; shows progress on a terminal.",
    },
    footerHeading = "%nExample:%n",
    footer = {"  pagekv verify /var/lib/app/data", "  pagekv verify data --json > report.json"})
final class VerifyCommand extends Subcommand
{
    @Parameters(index = "0", paramLabel = "DIR", description = "The store directory.")
    private Path dir;

    @Mixin
    private DamagePolicyOption damage;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    @Override
    protected int execute() throws IOException
    {
        List<VerifyProblem> problems;
        try (Store store = StoreDirectory.openReadOnly(dir, damage.policy()))
        {
            final StoreCheck check = StoreCheck.run(store, streams());
            problems = check.problems();
            streams().out().write(json ? VerifySummary.json(dir, check.report(), problems) : VerifySummary.text(dir, check));
        }
        catch (final CorruptStoreException ex)
        {
            problems = List.of(VerifySummary.problem(ex));
            streams().out().write(json ? VerifySummary.json(dir, null, problems) : VerifySummary.unopenable(dir, ex));
        }
        if (problems.isEmpty())
        {
            return ExitCodes.OK;
        }
        return fail(ExitCodes.CORRUPT, problems.size() + (problems.size() == 1 ? " problem" : " problems") + " found in " + dir +
            ", first: " + problems.get(0));
    }
}
