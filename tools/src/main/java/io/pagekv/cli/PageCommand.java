package io.pagekv.cli;

import io.pagekv.PageDetail;
import io.pagekv.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code pagekv page DIR ID}: one page decoded, as {@code bbolt page} shows it: the header's
 * fields named as in docs/format.md, the structure of its type, and a hex dump.
 */
@Command(
    name = "page",
    mixinStandardHelpOptions = true,
    description = {
        "Show one page of a store: its header, its structure and, with --hex, its bytes.",
        "ID is SEGMENT:INDEX as 'pagekv pages' prints it (0:3), or the page id in decimal. Shows the header fields " +
        "(page type, flags, entry count, CRC32C stored and computed, page id, txn id, aux1, aux2), then by type: " +
        "a leaf's entries (key, value kind, value length, overflow run), a branch's children and separator keys, " +
        "an overflow run's length, a commit record's fields, a segment header's fields.",
        "Reads the page as it lies: a damaged page is shown with what is wrong, not refused. Opens the store read-only.",
    },
    footerHeading = "%nExample:%n",
    footer = {"  pagekv page data 0:1", "  pagekv page data 0:3 --hex --format hex"})
final class PageCommand extends Subcommand
{
    @Parameters(index = "0", paramLabel = "DIR", description = "The store directory.")
    private Path dir;

    @Parameters(index = "1", paramLabel = "ID", converter = PageIdConverter.class,
        description = "The page: SEGMENT:INDEX (0:3) or the page id in decimal.")
    private long pageId;

    @Mixin
    private DamagePolicyOption damage;

    @Mixin
    private EncodingOption encoding;

    @Option(names = "--hex", description = "Add a hex dump of the page (hexdump -C style, offsets from the page start).")
    private boolean hex;

    @Option(names = "--json", description = "Print one JSON object; keys as --format json prints them.")
    private boolean json;

    @Override
    protected int execute() throws IOException
    {
        try (Store store = StoreDirectory.openReadOnly(dir, damage.policy()))
        {
            final PageDetail page;
            try
            {
                page = store.inspect().page(pageId);
            }
            catch (final IllegalArgumentException ex)
            {
                throw usageError("ID " + PageIdConverter.address(pageId) + " is not a page of " + dir + ": " + ex.getMessage());
            }
            final PageReport report = new PageReport(page);
            streams().out().write(json ? report.json(hex) : report.text(encoding.format(), hex));
            return ExitCodes.OK;
        }
    }
}
