package io.pagekv.cli;

import io.pagekv.PageDetail;
import io.pagekv.PageSummary;
import tools.jackson.core.JsonGenerator;

/**
 * What {@code pagekv page} shows of one page, as text or JSON: the header's fields with the
 * names of docs/format.md, the structure of the page's type, problems, and the bytes.
 */
final class PageReport
{
    private final PageDetail page;
    private final PageSummary header;

    /**
     * @param page the decoded page.
     */
    PageReport(final PageDetail page)
    {
        this.page = page;
        this.header = page.summary();
    }

    /**
     * @param format how keys are printed.
     * @param hex    whether to add a hex dump.
     * @return the page for people.
     */
    String text(final KeyFormat format, final boolean hex)
    {
        final StringBuilder text = new StringBuilder();
        text.append("page ").append(header.address()).append(" (id ").append(header.pageId()).append(") in ")
            .append(page.file()).append(" at offset ").append(page.fileOffset()).append('\n');
        text.append("header\n");
        field(text, "page type", header.type() + " (" + header.typeName() + ")");
        field(text, "flags", Integer.toString(page.flags()));
        field(text, "entry count", Integer.toString(header.count()));
        field(text, "CRC32C", crc(page.storedCrc()) + " stored, " + crc(page.computedCrc()) + " computed: " +
            (!header.written() ? "unwritten" : header.crcMatches() ? "ok" : "BAD"));
        field(text, "page id", PageIdConverter.address(header.storedId()) + (header.storedId() == header.pageId() || !header.written() ? "" : ", BAD: " +
            "expected " + header.address()));
        field(text, "txn id", Long.toString(header.txnId()));
        field(text, "aux1", Integer.toUnsignedString(header.aux1()) + aux1Meaning());
        field(text, "aux2", Integer.toUnsignedString(header.aux2()) + aux2Meaning());
        structure(text, format);
        if (!page.problems().isEmpty())
        {
            text.append("problems\n");
            page.problems().forEach(problem -> text.append("  ").append(problem).append('\n'));
        }
        if (hex)
        {
            text.append("bytes\n").append(HexDump.of(page.bytes()));
        }
        return text.toString();
    }

    private void structure(final StringBuilder text, final KeyFormat format)
    {
        switch (header.typeName())
        {
            case "leaf":
                text.append("leaf entries (").append(page.entries().size()).append(")\n");
                text.append(String.format("  %5s %5s  %-14s %10s  %-12s %s%n", "SLOT", "CELL", "VALUE KIND", "LENGTH", "OVERFLOW", "KEY"));
                for (int i = 0; i < page.entries().size(); i++)
                {
                    final PageDetail.LeafEntry entry = page.entries().get(i);
                    text.append(String.format("  %5d %5d  %-14s %10s  %-12s %s%n", i, entry.cellOffset(), entry.valueKindName(),
                        Integer.toUnsignedString(entry.valueLength()), entry.overflowPageId() == -1 ? "-" :
                        PageIdConverter.address(entry.overflowPageId()), format.encode(entry.key())));
                }
                break;
            case "branch":
                text.append("branch children (").append(page.separators().size() + 1).append(")\n");
                text.append(String.format("  %5s %5s  %-12s %s%n", "CHILD", "CELL", "PAGE", "KEYS FROM"));
                text.append(String.format("  %5d %5s  %-12s %s%n", 0, "-", PageIdConverter.address(page.firstChild()), "(the first)"));
                for (int i = 0; i < page.separators().size(); i++)
                {
                    final PageDetail.Separator separator = page.separators().get(i);
                    text.append(String.format("  %5d %5d  %-12s %s%n", i + 1, separator.cellOffset(),
                        PageIdConverter.address(separator.child()), format.encode(separator.key())));
                }
                break;
            case "commit":
                final PageDetail.Commit commit = page.commit();
                text.append("commit record\n");
                field(text, "root page id", PageIdConverter.address(commit.root()));
                field(text, "previous record", PageIdConverter.address(commit.previous()));
                field(text, "previous CRC", crc(commit.previousCrc()));
                field(text, "tree depth", Integer.toString(commit.depth()));
                field(text, "entry count", Long.toString(commit.entryCount()));
                field(text, "commit time", Units.time(commit.time()));
                field(text, "body pages", Integer.toUnsignedString(commit.bodyPages()));
                field(text, "body CRC32C", crc(commit.bodyCrc()));
                break;
            case "segment-header":
                final PageDetail.SegmentHeader segment = page.segmentHeader();
                text.append("segment header\n");
                field(text, "magic", crc(segment.magic()) + " (" + magicText(segment.magic()) + ")");
                field(text, "format version", Integer.toString(segment.version()));
                field(text, "page size", Integer.toUnsignedString(segment.pageSize()));
                field(text, "segment number", Integer.toUnsignedString(segment.segment()));
                field(text, "store id", String.format("%016x", segment.storeId()));
                field(text, "capacity", segment.capacityPages() + " pages");
                field(text, "creation time", Units.time(segment.created()));
                break;
            case "overflow":
                text.append("overflow run\n");
                field(text, "pages", header.pages() + (header.pages() == 1 && header.aux1() != 1 ? " (aux1 does not fit the segment)" : ""));
                field(text, "value length", Integer.toUnsignedString(header.aux2()));
                break;
            default:
                break;
        }
    }

    private String aux1Meaning()
    {
        switch (header.typeName())
        {
            case "leaf":
            case "branch":
                return " (bytes used)";
            case "overflow":
                return " (pages in the run)";
            case "commit":
                return " (body pages)";
            default:
                return "";
        }
    }

    private String aux2Meaning()
    {
        switch (header.typeName())
        {
            case "overflow":
                return " (value length)";
            case "commit":
                return " (body CRC32C " + crc(header.aux2()) + ")";
            default:
                return "";
        }
    }

    /**
     * @param hex whether to add the page's bytes as a hex string.
     * @return the page as one JSON object.
     */
    String json(final boolean hex)
    {
        return JsonStyle.document(json ->
        {
            json.writeStartObject();
            json.writeStringProperty("page", header.address());
            json.writeNumberProperty("pageId", header.pageId());
            json.writeStringProperty("file", page.file().toString());
            json.writeNumberProperty("offset", page.fileOffset());
            json.writeStringProperty("type", header.typeName());
            json.writeNumberProperty("typeCode", header.type());
            json.writeNumberProperty("flags", page.flags());
            json.writeNumberProperty("count", header.count());
            json.writeStringProperty("crc", crc(page.storedCrc()));
            json.writeStringProperty("crcComputed", crc(page.computedCrc()));
            json.writeBooleanProperty("crcOk", header.crcMatches());
            json.writeStringProperty("storedPage", PageIdConverter.address(header.storedId()));
            json.writeBooleanProperty("idOk", header.storedId() == header.pageId());
            json.writeNumberProperty("txnId", header.txnId());
            json.writeNumberProperty("aux1", Integer.toUnsignedLong(header.aux1()));
            json.writeNumberProperty("aux2", Integer.toUnsignedLong(header.aux2()));
            json.writeNumberProperty("pages", header.pages());
            structure(json);
            json.writeArrayPropertyStart("problems");
            page.problems().forEach(json::writeString);
            json.writeEndArray();
            if (hex)
            {
                json.writeStringProperty("hex", HexDigits.encode(page.bytes()));
            }
            json.writeEndObject();
        });
    }

    private void structure(final JsonGenerator json)
    {
        if (header.typeName().equals("leaf"))
        {
            json.writeArrayPropertyStart("entries");
            for (final PageDetail.LeafEntry entry : page.entries())
            {
                json.writeStartObject();
                json.writeNumberProperty("cell", entry.cellOffset());
                json.writeName("key");
                JsonBytes.write(json, entry.key());
                json.writeNumberProperty("valueKind", entry.valueKind());
                json.writeNumberProperty("valueLength", Integer.toUnsignedLong(entry.valueLength()));
                if (entry.overflowPageId() != -1)
                {
                    json.writeStringProperty("overflowPage", PageIdConverter.address(entry.overflowPageId()));
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        else if (header.typeName().equals("branch"))
        {
            json.writeArrayPropertyStart("children");
            json.writeStartObject();
            json.writeStringProperty("page", PageIdConverter.address(page.firstChild()));
            json.writeEndObject();
            for (final PageDetail.Separator separator : page.separators())
            {
                json.writeStartObject();
                json.writeStringProperty("page", PageIdConverter.address(separator.child()));
                json.writeNumberProperty("cell", separator.cellOffset());
                json.writeName("key");
                JsonBytes.write(json, separator.key());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        else if (page.commit() != null)
        {
            final PageDetail.Commit commit = page.commit();
            json.writeObjectPropertyStart("commit");
            json.writeStringProperty("root", PageIdConverter.address(commit.root()));
            json.writeStringProperty("previous", PageIdConverter.address(commit.previous()));
            json.writeStringProperty("previousCrc", crc(commit.previousCrc()));
            json.writeNumberProperty("treeDepth", commit.depth());
            json.writeNumberProperty("entries", commit.entryCount());
            json.writeStringProperty("commitTime", Units.time(commit.time()));
            json.writeNumberProperty("bodyPages", Integer.toUnsignedLong(commit.bodyPages()));
            json.writeStringProperty("bodyCrc", crc(commit.bodyCrc()));
            json.writeEndObject();
        }
        else if (page.segmentHeader() != null)
        {
            final PageDetail.SegmentHeader segment = page.segmentHeader();
            json.writeObjectPropertyStart("segmentHeader");
            json.writeStringProperty("magic", crc(segment.magic()));
            json.writeNumberProperty("formatVersion", segment.version());
            json.writeNumberProperty("pageSize", Integer.toUnsignedLong(segment.pageSize()));
            json.writeNumberProperty("segment", Integer.toUnsignedLong(segment.segment()));
            json.writeStringProperty("storeId", String.format("%016x", segment.storeId()));
            json.writeNumberProperty("capacityPages", segment.capacityPages());
            json.writeStringProperty("created", Units.time(segment.created()));
            json.writeEndObject();
        }
    }

    private static String crc(final int value)
    {
        return String.format("0x%08x", value);
    }

    private static String magicText(final int magic)
    {
        final byte[] bytes = {(byte)magic, (byte)(magic >> 8), (byte)(magic >> 16), (byte)(magic >> 24)};
        return KeyFormat.TEXT.encode(bytes);
    }

    private static void field(final StringBuilder text, final String name, final String value)
    {
        text.append(String.format("  %-16s %s%n", name, value));
    }
}
