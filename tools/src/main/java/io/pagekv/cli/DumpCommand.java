package io.pagekv.cli;

import io.pagekv.Cursor;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code pagekv dump DIR [FILE]}: writes every entry of one snapshot in the portable text format.
 */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    description = {
        "Write every entry in the portable pagekv-dump text format.",
        "Writes every entry of one consistent snapshot in the pagekv-dump text format (see docs/cli.md): " +
        "a header line, one KEY<TAB>VALUE line per entry in key order, and an 'end COUNT' line. " +
        "A value put patchable (put --patchable, counters) is marked KEY<TAB>VALUE<TAB>patchable, in a version 2 dump, " +
        "so that load makes it patchable again; a dump without one stays version 1.",
        "Writes to FILE, or to standard output if FILE is missing or '-'. Dumping the same entries twice gives the same bytes.",
        "Opens the store read-only; shows progress on a terminal when writing to a file.",
    },
    footerHeading = "%nExample:%n",
    footer = {
        "  pagekv dump data backup.dump",
        "  pagekv dump data --format base64 | gzip > backup.dump.gz",
        "  pagekv dump data --json | jq -c 'select(.key | startswith(\"user:\"))'",
    })
final class DumpCommand extends Subcommand
{
    @Parameters(index = "0", paramLabel = "DIR", description = "The store directory.")
    private Path dir;

    @Mixin
    private DamagePolicyOption damage;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "Where to write the dump (default: standard output).")
    private Path file;

    @Mixin
    private EncodingOption encoding;

    @Option(names = "--json", description = "Write JSON Lines instead, one {\"key\":...,\"value\":...} per entry, " +
        "without header and end line: for other tools, not for load.")
    private boolean json;

    @Override
    protected int execute() throws IOException
    {
        try (Store store = StoreDirectory.openReadOnly(dir, damage.policy()); Snapshot snapshot = store.snapshot())
        {
            final int version = !json && holdsPatchable(snapshot) ? DumpHeader.FLAGGED : DumpHeader.PLAIN;
            final DumpHeader header = new DumpHeader(version, encoding.format(), store.pageSize(), snapshot.count());
            if (file == null || file.toString().equals("-"))
            {
                write(streams().out(), header, snapshot, null);
                return ExitCodes.OK;
            }
            final long started = System.nanoTime();
            final long entries;
            try (Writer out = new BufferedWriter(new OutputStreamWriter(
                     NamedStreams.output(Files.newOutputStream(file), file.toString()), StandardCharsets.UTF_8), 1 << 16);
                 Progress progress = Progress.start(streams(), "dumping", "entries", header.entries()))
            {
                entries = write(out, header, snapshot, progress);
            }
            final long nanos = System.nanoTime() - started;
            streams().out().write("dumped " + entries + " entries of " + dir + " (txn " + snapshot.txnId() + ") to " + file + ": " +
                Units.bytes(Files.size(file)) + " in " + Units.seconds(nanos) + "\n");
            return ExitCodes.OK;
        }
    }

    private long write(final Writer out, final DumpHeader header, final Snapshot snapshot, final Progress progress)
        throws IOException
    {
        final EntryWriter dump = json ? new JsonLinesWriter(out, new ValueStream(dir)) : new DumpWriter(out, header, new ValueStream(dir));
        long n = 0;
        try (Cursor cursor = snapshot.range(null, null))
        {
            while (cursor.next())
            {
                dump.entry(cursor.keyBytes(), cursor.value(), cursor.isPatchable());
                if (progress != null && (++n & 1023) == 0)
                {
                    progress.update(n);
                }
            }
        }
        return dump.finish();
    }

    /** Whether any value of the snapshot was put patchable: a walk of the leaves' cell headers, no value read. */
    private static boolean holdsPatchable(final Snapshot snapshot)
    {
        try (Cursor cursor = snapshot.range(null, null))
        {
            while (cursor.next())
            {
                if (cursor.isPatchable())
                {
                    return true;
                }
            }
        }
        return false;
    }
}
