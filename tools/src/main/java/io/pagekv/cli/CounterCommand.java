package io.pagekv.cli;

import io.pagekv.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pagekv counter DIR KEY OFFSET [--add N]}: reads, or atomically adds to, an 8-byte
 * counter inside a patchable value.
 */
@Command(
    name = "counter",
    mixinStandardHelpOptions = true,
    description = {
        "Print the 8-byte little-endian signed counter at OFFSET (a multiple of 8) of a patchable value; with --add N, " +
            "add N to it atomically first and print the new value.",
        "Opens the store read-only, so it works while another process writes it: counters are the one change a " +
            "read-only store may make. Exits 1 if the key is missing, 5 if the value is not patchable or the field " +
            "is not an aligned 8-byte field inside it (nothing is changed then).",
    },
    footerHeading = "%nExample:%n",
    footer = {
        "  pagekv counter data page:home 0",
        "  pagekv counter data page:home 0 --add 1",
    })
final class CounterCommand extends Subcommand
{
    @Mixin
    private EntryArguments entry;

    @Parameters(index = "2", paramLabel = "OFFSET", description = "Where the counter starts in the value: a multiple of 8.")
    private long offset;

    @Option(names = "--add", paramLabel = "N", description = "Add N (negative to subtract) before printing.")
    private Long add;

    @Override
    protected int execute() throws Exception
    {
        final byte[] keyBytes = decodeArgument(entry.inputFormat(), "KEY", entry.key());
        try (Store store = StoreDirectory.openReadOnly(entry.dir()))
        {
            final long counter = add == null ? store.getLong(keyBytes, offset) : store.addAndGet(keyBytes, offset, add);
            streams().out().write(counter + "\n");
        }
        return ExitCodes.OK;
    }
}
