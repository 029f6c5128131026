package io.pagekv.cli;

import io.pagekv.Store;
import io.pagekv.StoreOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/**
 * {@code pagekv put DIR KEY VALUE}: inserts or replaces one entry in a transaction of its own.
 */
@Command(
    name = "put",
    mixinStandardHelpOptions = true,
    description = {
        "Insert or replace one entry.",
        "The entry is committed durably before the command returns.",
        "The value comes from VALUE (encoded with --format), or as raw bytes from --file FILE or --stdin.",
        "Creates the store if DIR is missing or empty. Takes the writer lock: exits 4 if another process holds it.",
    },
    footerHeading = "%nExample:%n",
    footer = {
        "  pagekv put data user:000042 '{\"name\":\"Ada\"}'",
        "  pagekv put data 00ff --format hex --file photo.jpg",
        "  curl -s https://example.com/ | pagekv put data page:home --stdin",
    })
final class PutCommand extends Subcommand
{
    @Mixin
    private EntryArguments entry;

    @Parameters(index = "2", arity = "0..1", paramLabel = "VALUE", description = "The value, encoded with --format.")
    private String value;

    @Option(names = "--file", paramLabel = "FILE", description = "Take the value's raw bytes from FILE.")
    private Path file;

    @Option(names = "--stdin", description = "Take the value's raw bytes from standard input.")
    private boolean stdin;

    @Option(names = "--patchable", description = "Store the value so that it can change in place later (pagekv patch, pagekv counter).")
    private boolean patchable;

    @Mixin
    private LockWaitOption lockWait;

    @Override
    protected int execute() throws Exception
    {
        if ((value != null ? 1 : 0) + (file != null ? 1 : 0) + (stdin ? 1 : 0) != 1)
        {
            throw usageError("give the value in exactly one way: VALUE, --file FILE or --stdin");
        }
        final byte[] keyBytes = decodeArgument(entry.inputFormat(), "KEY", entry.key());
        final byte[] valueBytes = value != null ? decodeArgument(entry.inputFormat(), "VALUE", value) :
            file != null ? ValueInput.file(file, Store.MAX_VALUE_SIZE) :
            ValueInput.stream(streams().in(), "standard input", Store.MAX_VALUE_SIZE);
        final StoreDirectory.Kind before = StoreDirectory.inspect(entry.dir());
        boolean written = false;
        try (Store store = lockWait.open(() -> StoreDirectory.openOrCreate(entry.dir(), before, StoreOptions.defaults())))
        {
            if (patchable)
            {
                store.putPatchable(keyBytes, valueBytes);
            }
            else
            {
                store.put(keyBytes, valueBytes);
            }
            written = true;
        }
        finally
        {
            if (!written)
            {
                StoreDirectory.removeCreated(entry.dir(), before);
            }
        }
        return ExitCodes.OK;
    }
}
