package io.pagekv.cli;

import io.pagekv.Cursor;
import io.pagekv.Order;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code pagekv scan DIR}: prints entries in key order, one per line.
 */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = {
        "Print entries in key order.",
        "Prints entries of one consistent snapshot, one per line: KEY<TAB>VALUE, " +
        "or with --format json one JSON object per line ({\"key\":...,\"value\":...}, with \"patchable\":true after the value of " +
        "a value put patchable; with --keys-only {\"key\":...}).",
        "Keys compare as unsigned bytes. --prefix, --from and --to combine: the scan covers keys in [from, to) that start with the prefix.",
        "Opens the store read-only.",
    },
    footerHeading = "%nExample:%n",
    footer = {
        "  pagekv scan data --prefix user: --limit 10",
        "  pagekv scan data --from order:2024 --to order:2025 --reverse --keys-only",
        "  pagekv scan data --prefix session: --count",
        "  pagekv scan data --prefix session: --format hex --input-format text",
        "  pagekv scan data --prefix user: --json | jq -r .value",
    })
final class ScanCommand extends Subcommand
{
    @Parameters(index = "0", paramLabel = "DIR", description = "The store directory.")
    private Path dir;

    @Mixin
    private DamagePolicyOption damage;

    @Option(names = {"-p", "--prefix"}, paramLabel = "PREFIX", description = "Only keys that start with PREFIX.")
    private String prefix;

    @Option(names = "--from", paramLabel = "KEY", description = "First key, inclusive.")
    private String from;

    @Option(names = "--to", paramLabel = "KEY", description = "End key, exclusive.")
    private String to;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "Print at most N entries.")
    private Long limit;

    @Option(names = {"-r", "--reverse"}, description = "Largest key first.")
    private boolean reverse;

    @Option(names = {"-k", "--keys-only"}, description = "Print keys only.")
    private boolean keysOnly;

    @Option(names = {"-c", "--count"}, description = "Print only the number of entries the scan would print.")
    private boolean count;

    @Option(names = "--json", description = "JSON Lines: one {\"key\":...,\"value\":...} per entry, as --format json " +
        "prints; arguments are still read with --format.")
    private boolean json;

    @Mixin
    private EncodingOption encoding;

    @Mixin
    private InputEncodingOption input;

    private ValueStream values;
    private JsonLinesWriter lines;

    @Override
    protected int execute() throws IOException
    {
        if (limit != null && limit < 0)
        {
            throw usageError("--limit must be 0 or more, got " + limit);
        }
        if (count && keysOnly)
        {
            throw usageError("--count and --keys-only exclude each other");
        }
        final KeyFormat format = json ? KeyFormat.JSON : encoding.format();
        final byte[] fromBytes = decode("--from", from);
        final byte[] toBytes = decode("--to", to);
        if (fromBytes != null && toBytes != null && Arrays.compareUnsigned(fromBytes, toBytes) >= 0)
        {
            throw usageError("--from '" + from + "' is not before --to '" + to + "': the range [from, to) holds no key " +
                "(keys compare as unsigned bytes; for the largest keys first, add --reverse)");
        }
        final ScanRange range = ScanRange.of(decode("--prefix", prefix), fromBytes, toBytes);
        final long max = limit == null ? Long.MAX_VALUE : limit;
        try (Store store = StoreDirectory.openReadOnly(dir, damage.policy()); Snapshot snapshot = store.snapshot())
        {
            values = new ValueStream(dir);
            lines = new JsonLinesWriter(streams().out(), values);
            if (count && !range.isBounded())
            {
                streams().out().write(Math.min(max, snapshot.count()) + "\n");
                return ExitCodes.OK;
            }
            long n = 0;
            try (Cursor cursor = snapshot.range(range.from(), range.to(), reverse ? Order.DESCENDING : Order.ASCENDING))
            {
                while (n < max && cursor.next())
                {
                    if (!count)
                    {
                        print(streams().out(), format, cursor);
                    }
                    n++;
                }
            }
            if (count)
            {
                streams().out().write(n + "\n");
            }
            return ExitCodes.OK;
        }
    }

    private void print(final Writer out, final KeyFormat format, final Cursor cursor) throws IOException
    {
        if (format == KeyFormat.JSON)
        {
            lines.entry(cursor.keyBytes(), keysOnly ? null : cursor.value(), !keysOnly && cursor.isPatchable());
            return;
        }
        out.write(format.encode(cursor.keyBytes()));
        if (!keysOnly)
        {
            out.write('\t');
            values.encoded(cursor.value(), format, out);
        }
        out.write('\n');
    }

    private byte[] decode(final String option, final String text)
    {
        return text == null ? null : decodeArgument(input.or(encoding.format()), option, text);
    }
}
