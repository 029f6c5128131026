package io.pagekv.cli;

import io.pagekv.Cursor;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.WriteTxn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code pagekv delete DIR KEY}: deletes one entry, or with {@code --prefix}, {@code --from} and
 * {@code --to} every entry of a range, in a transaction of its own.
 */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = {
        "Delete one entry, or every entry of a range.",
        "Deletes KEY, or every key in [--from, --to) that starts with --prefix, in one durable transaction. " +
        "Exits 1 if KEY is not in the store; a range says how many entries it deleted.",
        "On a terminal, a range is deleted only after you confirm its count; --yes skips the question.",
        "Takes the writer lock: exits 4 if another process holds it, unless --wait.",
    },
    footerHeading = "%nExample:%n",
    footer = {
        "  pagekv delete data user:000042",
        "  pagekv delete data 757365723a3432 --format hex",
        "  pagekv delete data --prefix session: --yes",
        "  pagekv delete data --from order:2023 --to order:2024",
    })
final class DeleteCommand extends Subcommand
{
    @Parameters(index = "0", paramLabel = "DIR", description = "The store directory.")
    private Path dir;

    @Parameters(index = "1", arity = "0..1", paramLabel = "KEY", description = "The key, encoded with --format.")
    private String key;

    @Option(names = {"-p", "--prefix"}, paramLabel = "PREFIX", description = "Delete every key that starts with PREFIX.")
    private String prefix;

    @Option(names = "--from", paramLabel = "KEY", description = "Delete keys from this one, inclusive.")
    private String from;

    @Option(names = "--to", paramLabel = "KEY", description = "Delete keys below this one (exclusive).")
    private String to;

    @Option(names = {"-y", "--yes"}, description = "Delete a range without asking, also on a terminal.")
    private boolean yes;

    @Mixin
    private EncodingOption encoding;

    @Mixin
    private InputEncodingOption input;

    @Mixin
    private LockWaitOption lockWait;

    @Override
    protected int execute() throws IOException
    {
        final boolean range = prefix != null || from != null || to != null;
        if (range == (key != null))
        {
            throw usageError("give KEY, or a range with --prefix, --from and --to, not both");
        }
        final KeyFormat format = input.or(encoding.format());
        if (!range)
        {
            final byte[] keyBytes = decodeArgument(format, "KEY", key);
            try (Store store = lockWait.open(() -> StoreDirectory.openExisting(dir)))
            {
                if (!store.delete(keyBytes))
                {
                    return fail(ExitCodes.NOT_FOUND, "key '" + format.encode(keyBytes) + "' not found in " + dir);
                }
                return ExitCodes.OK;
            }
        }
        final byte[] fromBytes = from == null ? null : decodeArgument(format, "--from", from);
        final byte[] toBytes = to == null ? null : decodeArgument(format, "--to", to);
        if (fromBytes != null && toBytes != null && Arrays.compareUnsigned(fromBytes, toBytes) >= 0)
        {
            throw usageError("--from '" + from + "' is not before --to '" + to + "': the range [from, to) holds no key");
        }
        final ScanRange bounds = ScanRange.of(prefix == null ? null : decodeArgument(format, "--prefix", prefix), fromBytes, toBytes);
        try (Store store = lockWait.open(() -> StoreDirectory.openExisting(dir)))
        {
            return deleteRange(store, bounds);
        }
    }

    private int deleteRange(final Store store, final ScanRange bounds) throws IOException
    {
        try (WriteTxn txn = store.beginWrite(); Snapshot snapshot = store.snapshot())
        {
            final long count = snapshot.count(bounds.from(), bounds.to());
            if (count > 0 && !yes && streams().interactive() && !confirmed(count))
            {
                streams().out().write("nothing deleted\n");
                return ExitCodes.OK;
            }
            long deleted = 0;
            try (Cursor cursor = snapshot.range(bounds.from(), bounds.to()))
            {
                while (cursor.next())
                {
                    txn.delete(cursor.keyBytes());
                    deleted++;
                }
            }
            txn.commit();
            streams().out().write("deleted " + deleted + (deleted == 1 ? " entry" : " entries") + " from " + dir +
                " in txn " + txn.txnId() + "\n");
            return ExitCodes.OK;
        }
    }

    private boolean confirmed(final long count) throws IOException
    {
        streams().err().print("delete " + count + (count == 1 ? " entry" : " entries") + " from " + dir + "? [y/N] ");
        streams().err().flush();
        final String answer = new BufferedReader(new InputStreamReader(streams().in(), StandardCharsets.UTF_8)).readLine();
        return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }
}
