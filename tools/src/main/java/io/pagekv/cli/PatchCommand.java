package io.pagekv.cli;

import io.pagekv.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code pagekv patch DIR KEY OFFSET VALUE}: overwrites bytes of a patchable value in place.
 */
@Command(
    name = "patch",
    mixinStandardHelpOptions = true,
    description = {
        "Overwrite bytes of a stored value in place, at OFFSET, without writing a new version.",
        "Only values put with putPatchable can be patched. The patch is journaled and forced before it is written in place, " +
            "so it is durable when the command returns.",
        "Takes the writer lock: exits 4 if another process holds it. Exits 1 if the key is missing, 5 if the value is not " +
            "patchable or the bytes do not fit inside it (nothing is changed then).",
    },
    footerHeading = "%nExample:%n",
    footer = {
        "  pagekv patch data page:home 8 Welcome",
        "  pagekv patch data page:home 0 00ff --format hex",
    })
final class PatchCommand extends Subcommand
{
    @Mixin
    private EntryArguments entry;

    @Parameters(index = "2", paramLabel = "OFFSET", description = "Where in the value the bytes go (0 is its first byte).")
    private long offset;

    @Parameters(index = "3", paramLabel = "VALUE", description = "The new bytes, encoded with --format.")
    private String value;

    @Mixin
    private LockWaitOption lockWait;

    @Override
    protected int execute() throws Exception
    {
        final byte[] keyBytes = decodeArgument(entry.inputFormat(), "KEY", entry.key());
        final byte[] bytes = decodeArgument(entry.inputFormat(), "VALUE", value);
        try (Store store = lockWait.open(() -> StoreDirectory.openExisting(entry.dir())))
        {
            store.patch(keyBytes, offset, bytes);
        }
        return ExitCodes.OK;
    }
}
