package io.pagekv;

import io.pagekv.format.BranchLayout;
import io.pagekv.format.CommitLayout;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.format.SegmentHeaderLayout;
import io.pagekv.page.Segment;
import io.pagekv.value.ValueKind;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads pages for {@link PageInspector} with the layout classes, trusting nothing: the header
 * of any page as found, and the structure of one page copied out of its segment, with every
 * offset and length checked against the page before it is followed.
 */
final class PageDecoder
{
    private PageDecoder()
    {
    }

    /**
     * @param segment   a mapped segment.
     * @param pageIndex a page index inside it.
     * @return its header as found, with its checksum checked.
     */
    static PageSummary summary(final Segment segment, final int pageIndex)
    {
        final DirectBuffer buffer = segment.buffer();
        final int offset = segment.offset(pageIndex);
        final int type = PageLayout.type(buffer, offset);
        final int pageSize = segment.offset(1);
        final int pages = span(segment, pageIndex);
        final boolean crcMatches = type != PageType.UNWRITTEN &&
            PageLayout.checksum(buffer, offset, pages * pageSize) == PageLayout.crc(buffer, offset);
        return new PageSummary(PageAddress.of(segment.number(), pageIndex), type, PageType.name(type),
            PageLayout.count(buffer, offset), PageLayout.txnId(buffer, offset), PageLayout.aux1(buffer, offset),
            PageLayout.aux2(buffer, offset), pages, PageLayout.pageId(buffer, offset), crcMatches);
    }

    /**
     * @param segment   a mapped segment.
     * @param pageIndex a page index inside it.
     * @return pages the page spans: an overflow run's aux1, a patch record's aux1 + 1, when
     * that fits the segment; else 1.
     */
    static int span(final Segment segment, final int pageIndex)
    {
        final DirectBuffer buffer = segment.buffer();
        final int offset = segment.offset(pageIndex);
        final int type = PageLayout.type(buffer, offset);
        if (type != PageType.OVERFLOW && type != PageType.PATCH)
        {
            return 1;
        }
        final long counted = PageLayout.aux1(buffer, offset) + (type == PageType.PATCH ? 1L : 0L);
        final int pages = (int)Math.min(Integer.MAX_VALUE, counted);
        return pages >= 1 && pages <= segment.capacityPages() - pageIndex ? pages : 1;
    }

    /**
     * @param segment   a mapped segment.
     * @param pageIndex a page index inside it.
     * @return the page decoded.
     */
    static PageDetail detail(final Segment segment, final int pageIndex)
    {
        final PageSummary summary = summary(segment, pageIndex);
        final int pageSize = segment.offset(1);
        final byte[] bytes = new byte[pageSize];
        segment.buffer().getBytes(segment.offset(pageIndex), bytes);
        final UnsafeBuffer page = new UnsafeBuffer(bytes);
        final int pages = summary.pages();
        final int computed = summary.written() ? PageLayout.checksum(segment.buffer(), segment.offset(pageIndex), pages * pageSize) : 0;
        final List<String> problems = new ArrayList<>();
        final List<PageDetail.LeafEntry> entries = summary.type() == PageType.LEAF ? leaf(page, problems) : List.of();
        final List<PageDetail.Separator> separators = summary.type() == PageType.BRANCH ? branch(page, problems) : List.of();
        final long firstChild = summary.type() == PageType.BRANCH ? page.getLong(BranchLayout.FIRST_CHILD_OFFSET, FormatVersion.ORDER) : -1;
        final PageDetail.Commit commit = summary.type() == PageType.COMMIT ? new PageDetail.Commit(CommitLayout.root(page, 0),
            CommitLayout.previous(page, 0), CommitLayout.previousCrc(page, 0), CommitLayout.depth(page, 0),
            CommitLayout.entryCount(page, 0), CommitLayout.time(page, 0), summary.aux1(), summary.aux2()) : null;
        final PageDetail.SegmentHeader header = summary.type() == PageType.SEGMENT_HEADER ? new PageDetail.SegmentHeader(
            SegmentHeaderLayout.magic(page), SegmentHeaderLayout.version(page), SegmentHeaderLayout.pageSize(page),
            SegmentHeaderLayout.segment(page), SegmentHeaderLayout.storeId(page), SegmentHeaderLayout.capacity(page),
            SegmentHeaderLayout.created(page)) : null;
        if (summary.written() && !summary.crcMatches())
        {
            problems.add(0, "CRC32C 0x" + Integer.toHexString(computed) + " computed, 0x" +
                Integer.toHexString(PageLayout.crc(page, 0)) + " stored");
        }
        if (summary.written() && summary.storedId() != summary.pageId())
        {
            problems.add(0, "page says it is page " + PageAddress.toString(summary.storedId()));
        }
        return new PageDetail(summary, segment.path(), (long)pageIndex * pageSize, page.getByte(PageLayout.FLAGS_OFFSET) & 0xFF,
            PageLayout.crc(page, 0), computed, entries, firstChild, separators, commit, header, List.copyOf(problems), bytes);
    }

    private static List<PageDetail.LeafEntry> leaf(final UnsafeBuffer page, final List<String> problems)
    {
        final int pageSize = page.capacity();
        final int count = PageLayout.count(page, 0);
        final int slotsEnd = LeafLayout.SLOTS_OFFSET + count * LeafLayout.SLOT_LENGTH;
        if (slotsEnd > pageSize)
        {
            problems.add("entry count " + count + " does not fit the page's slot array");
            return List.of();
        }
        final List<PageDetail.LeafEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final int cell = LeafLayout.cell(page, 0, i);
            if (cell < slotsEnd || cell + LeafLayout.CELL_HEADER_LENGTH > pageSize ||
                LeafLayout.valueOffset(page, cell) > pageSize)
            {
                problems.add("entry " + i + ": cell at offset " + cell + " lies outside the page's cell area");
                break;
            }
            final byte[] key = new byte[LeafLayout.keyLength(page, cell)];
            page.getBytes(cell + LeafLayout.KEY_OFFSET, key);
            final int kind = LeafLayout.valueKind(page, cell);
            final int valueAt = LeafLayout.valueOffset(page, cell);
            long overflow = PageAddress.NONE;
            if (ValueKind.hasRun(kind))
            {
                if (valueAt + LeafLayout.OVERFLOW_REF_LENGTH > pageSize)
                {
                    problems.add("entry " + i + ": overflow reference at offset " + valueAt + " runs past the page");
                }
                else
                {
                    overflow = page.getLong(valueAt, FormatVersion.ORDER);
                }
            }
            entries.add(new PageDetail.LeafEntry(cell, key, kind, ValueKind.name(kind), LeafLayout.valueLength(page, cell), overflow));
        }
        final int runEntry = LeafLayout.claimsNoRuns(page, 0) ? LeafLayout.firstRunEntry(page, 0, pageSize) : -1;
        if (runEntry >= 0)
        {
            problems.add("flags say no entry names an overflow run, but entry " + runEntry + " names one or lies outside the page");
        }
        return List.copyOf(entries);
    }

    private static List<PageDetail.Separator> branch(final UnsafeBuffer page, final List<String> problems)
    {
        final int pageSize = page.capacity();
        final int count = PageLayout.count(page, 0);
        final int slotsEnd = BranchLayout.SLOTS_OFFSET + count * BranchLayout.SLOT_LENGTH;
        if (slotsEnd > pageSize)
        {
            problems.add("separator count " + count + " does not fit the page's slot array");
            return List.of();
        }
        final List<PageDetail.Separator> separators = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final int cell = BranchLayout.cell(page, 0, i);
            if (cell < slotsEnd || cell + BranchLayout.KEY_OFFSET > pageSize ||
                cell + BranchLayout.KEY_OFFSET + BranchLayout.keyLength(page, cell) > pageSize)
            {
                problems.add("separator " + i + ": cell at offset " + cell + " lies outside the page's cell area");
                break;
            }
            final byte[] key = new byte[BranchLayout.keyLength(page, cell)];
            page.getBytes(cell + BranchLayout.KEY_OFFSET, key);
            separators.add(new PageDetail.Separator(cell, key, BranchLayout.child(page, 0, i + 1)));
        }
        return List.copyOf(separators);
    }
}
