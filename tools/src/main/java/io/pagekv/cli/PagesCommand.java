package io.pagekv.cli;

import io.pagekv.PageInspector;
import io.pagekv.PageSummary;
import io.pagekv.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.exc.JacksonIOException;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code pagekv pages DIR}: one line per page of the segment files, as {@code bbolt pages} lists
 * them: id, type, txn, entry count, aux fields, span and whether the checksum matches.
 */
@Command(
    name = "pages",
    mixinStandardHelpOptions = true,
    description = {
        "List the pages of a store's segment files with their headers.",
        "One line per page (an overflow run is one line): its id as SEGMENT:INDEX, type, the txn that wrote it, " +
        "entry count, aux1 and aux2 (their meaning depends on the type, see docs/format.md), pages it spans, " +
        "and whether its CRC32C matches (ok or BAD). Each segment is listed up to its first unwritten page.",
        "Reads the files as they lie, without following the tree: a damaged page is listed as BAD, not refused. " +
        "Opens the store read-only. Use 'pagekv page DIR ID' to decode one page.",
    },
    footerHeading = "%nExample:%n",
    footer = {"  pagekv pages data --segment 0", "  pagekv pages data --json | jq 'select(.crcOk | not)'"})
final class PagesCommand extends Subcommand
{
    @Parameters(index = "0", paramLabel = "DIR", description = "The store directory.")
    private Path dir;

    @Mixin
    private DamagePolicyOption damage;

    @Option(names = {"-s", "--segment"}, paramLabel = "N", description = "Only segment N (seg-00000N).")
    private Integer segment;

    @Option(names = "--json", description = "JSON Lines: one object per page.")
    private boolean json;

    @Override
    protected int execute() throws IOException
    {
        try (Store store = StoreDirectory.openReadOnly(dir, damage.policy()))
        {
            final PageInspector inspector = store.inspect();
            if (segment != null && !inspector.segments().contains(segment))
            {
                throw usageError("--segment " + segment + ": " + dir + " has segments " + inspector.segments());
            }
            final List<PageSummary> pages = segment == null ? inspector.pages() : inspector.pages(segment);
            final Writer out = streams().out();
            if (!json)
            {
                out.write(String.format("%-12s %-14s %8s %5s %10s %10s %6s  %s%n", "PAGE", "TYPE", "TXN", "COUNT", "AUX1", "AUX2",
                    "PAGES", "CRC"));
            }
            long bad = 0;
            for (final PageSummary page : pages)
            {
                if (json)
                {
                    jsonLine(out, page);
                }
                else
                {
                    out.write(String.format("%-12s %-14s %8d %5d %10s %10s %6d  %s%n", page.address(), page.typeName(), page.txnId(),
                        page.count(), Integer.toUnsignedString(page.aux1()), Integer.toUnsignedString(page.aux2()), page.pages(),
                        check(page)));
                }
                bad += page.intact() ? 0 : 1;
            }
            if (!json)
            {
                out.write(pages.size() + " page(s) in " + (segment == null ? inspector.segments().size() : 1) + " segment(s), " +
                    (bad == 0 ? "all CRCs ok" : bad + " damaged: run 'pagekv verify " + dir + "'") + "\n");
            }
            return ExitCodes.OK;
        }
    }

    private static String check(final PageSummary page)
    {
        final String crc = page.crcMatches() ? "ok" : "BAD";
        return page.storedId() == page.pageId() ? crc : crc + ", names itself " + PageIdConverter.address(page.storedId());
    }

    private static void jsonLine(final Writer out, final PageSummary page) throws IOException
    {
        try (JsonGenerator line = JsonStyle.line(out))
        {
            line.writeStartObject();
            line.writeStringProperty("page", page.address());
            line.writeNumberProperty("pageId", page.pageId());
            line.writeNumberProperty("segment", page.segment());
            line.writeNumberProperty("index", page.index());
            line.writeStringProperty("type", page.typeName());
            line.writeNumberProperty("txnId", page.txnId());
            line.writeNumberProperty("count", page.count());
            line.writeNumberProperty("aux1", Integer.toUnsignedLong(page.aux1()));
            line.writeNumberProperty("aux2", Integer.toUnsignedLong(page.aux2()));
            line.writeNumberProperty("pages", page.pages());
            line.writeBooleanProperty("crcOk", page.crcMatches());
            line.writeBooleanProperty("idOk", page.storedId() == page.pageId());
            line.writeEndObject();
        }
        catch (final JacksonIOException ex)
        {
            throw ex.getCause();
        }
        out.write('\n');
    }
}
