package io.pagekv.cli;

import io.pagekv.BackupReport;
import io.pagekv.CompactionReport;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/**
 * {@code pagekv compact DIR}: reclaims the space of old segments online.
 */
@Command(
    name = "compact",
    mixinStandardHelpOptions = true,
    description = {
        "Reclaim disk space: move the live pages of old segments to the end of the log and delete those segments.",
        "Runs online, in ordinary commits of bounded size: readers in other processes go on reading. It needs the writer lock, " +
        "so it waits (--wait) or fails with exit code 4 when another process writes the store; that process compacts by itself " +
        "under the default policy.",
        "With --offline it rewrites the whole store into a compact copy and swaps it in (the writer lock is taken, " +
        "not waited for).",
        "Prints the live pages moved and the segment files retired (their length; segment files are sparse, so the disk " +
        "space freed is what they held).",
    },
    footerHeading = "%nExample:%n",
    footer = {"  pagekv compact /var/lib/app/data", "  pagekv compact data --wait=30s --json"})
final class CompactCommand extends Subcommand
{
    @Parameters(index = "0", paramLabel = "DIR", description = "The store directory.")
    private Path dir;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    @Option(names = "--offline", description = "Rewrite the whole store into a compact copy beside it and swap the copy in " +
        "by renames (no other process may use the store; a crash leaves the old store or the new one).")
    private boolean offline;

    @Mixin
    private LockWaitOption lockWait;

    @Override
    protected int execute() throws Exception
    {
        if (offline)
        {
            StoreDirectory.requireStore(dir);
            final BackupReport copy = Store.compactOffline(dir, StoreOptions.defaults());
            streams().out().write(json ? JsonStyle.document(out ->
            {
                out.writeStartObject();
                out.writeStringProperty("dir", dir.toString());
                out.writeBooleanProperty("offline", true);
                out.writeNumberProperty("entries", copy.entries());
                out.writeNumberProperty("millis", copy.nanos() / 1_000_000);
                out.writeEndObject();
            }) : String.format("compacted %s offline in %d ms: %,d entries copied into a new store and swapped in%n",
                dir, copy.nanos() / 1_000_000, copy.entries()));
            return ExitCodes.OK;
        }
        final CompactionReport report;
        try (Store store = lockWait.open(() -> StoreDirectory.openExisting(dir)))
        {
            report = store.compact();
        }
        if (json)
        {
            streams().out().write(JsonStyle.document(out ->
            {
                out.writeStartObject();
                out.writeStringProperty("dir", dir.toString());
                out.writeNumberProperty("segmentsRetired", report.segmentsRetired());
                out.writeNumberProperty("segmentsPending", report.segmentsPending());
                out.writeNumberProperty("pagesMoved", report.pagesMoved());
                out.writeNumberProperty("commits", report.commits());
                out.writeNumberProperty("bytesFreed", report.bytesFreed());
                out.writeNumberProperty("millis", report.nanos() / 1_000_000);
                out.writeEndObject();
            }));
        }
        else
        {
            streams().out().write(String.format("compacted %s in %d ms: %d live pages moved in %d commits; %d segment files (%s) retired%n",
                dir, report.nanos() / 1_000_000, report.pagesMoved(), report.commits(), report.segmentsRetired(),
                Units.bytes(report.bytesFreed())));
        }
        return ExitCodes.OK;
    }
}
