package io.pagekv.cli;

import io.pagekv.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code pagekv delete DIR KEY}: deletes one entry in a transaction of its own.
 */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = {
        "Delete one entry.",
        "The deletion is committed durably before the command returns. Exits 1 if the key is not in the store.",
        "Takes the writer lock: exits 4 if another process holds it.",
    },
    footerHeading = "%nExample:%n",
    footer = {"  pagekv delete data user:000042", "  pagekv delete data 757365723a3432 --format hex"})
final class DeleteCommand extends Subcommand
{
    @Parameters(index = "0", paramLabel = "DIR", description = "The store directory.")
    private Path dir;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key, encoded with --format.")
    private String key;

    @Mixin
    private EncodingOption encoding;

    @Mixin
    private InputEncodingOption input;

    @Override
    protected int execute() throws IOException
    {
        final byte[] keyBytes = decodeArgument(input.or(encoding.format()), "KEY", key);
        try (Store store = StoreDirectory.openExisting(dir))
        {
            if (!store.delete(keyBytes))
            {
                return fail(ExitCodes.NOT_FOUND, "key '" + input.or(encoding.format()).encode(keyBytes) + "' not found in " + dir);
            }
            return ExitCodes.OK;
        }
    }
}
