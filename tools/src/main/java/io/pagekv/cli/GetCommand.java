package io.pagekv.cli;

import io.pagekv.Cursor;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import org.agrona.DirectBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code pagekv get DIR KEY}: prints one value.
 */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
        "Print one value.",
        "Prints the value of KEY, encoded with --format, or writes its raw bytes to a file with --output " +
        "(to standard output with --output -). Values of any size are copied in pieces, straight from the store.",
        "Exits 1 if the key is not in the store. Opens the store read-only.",
    },
    footerHeading = "%nExample:%n",
    footer = {
        "  pagekv get data user:000042",
        "  pagekv get data 'session:\\x9e\\x01'                  # text: \\xHH for bytes",
        "  pagekv get data 73657373696f6e3a9e01 --format hex  # the same key in hex",
        "  pagekv get data user:000042 --format json --input-format text",
        "  pagekv get data blob:report.pdf --output report.pdf",
        "  pagekv get data user:000042 --json",
    })
final class GetCommand extends Subcommand
{
    @Mixin
    private EntryArguments entry;

    @Mixin
    private DamagePolicyOption damage;

    @Option(names = "--json", description = "Print {\"key\":...,\"value\":...}, both in the json encoding, and \"patchable\":true " +
        "for a value put patchable; KEY is read with --format.")
    private boolean json;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the value's raw bytes to FILE ('-': standard output) instead of printing it.")
    private Path output;

    @Override
    protected int execute() throws Exception
    {
        final Path dir = entry.dir();
        final KeyFormat format = entry.format();
        final byte[] keyBytes = decodeArgument(entry.inputFormat(), "KEY", entry.key());
        try (Store store = StoreDirectory.openReadOnly(dir, damage.policy()); Snapshot snapshot = store.snapshot())
        {
            final DirectBuffer value = snapshot.view(keyBytes);
            if (value == null)
            {
                return fail(ExitCodes.NOT_FOUND, "key '" + entry.inputFormat().encode(keyBytes) + "' not found in " + dir);
            }
            final ValueStream values = new ValueStream(dir);
            if (json && output == null)
            {
                new JsonLinesWriter(streams().out(), values).entry(keyBytes, value, isPatchable(snapshot, keyBytes));
            }
            else if (output == null)
            {
                values.encoded(value, format, streams().out());
                streams().out().write('\n');
            }
            else if (output.toString().equals("-"))
            {
                streams().flush();
                values.raw(value, streams().rawOut());
            }
            else
            {
                writeFile(values, value);
            }
            return ExitCodes.OK;
        }
    }

    /** @return whether the value of {@code key}, which the snapshot holds, was put patchable. */
    private static boolean isPatchable(final Snapshot snapshot, final byte[] key)
    {
        try (Cursor cursor = snapshot.range(key, null))
        {
            return cursor.next() && cursor.isPatchable();
        }
    }

    private void writeFile(final ValueStream values, final DirectBuffer value) throws IOException
    {
        try (OutputStream out = NamedStreams.output(Files.newOutputStream(output), output.toString()))
        {
            values.raw(value, out);
        }
    }
}
