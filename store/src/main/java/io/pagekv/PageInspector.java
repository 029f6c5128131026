package io.pagekv;

import io.pagekv.format.PageAddress;
import io.pagekv.format.PageType;
import io.pagekv.io.ErrorMapper;
import io.pagekv.page.Segment;
import io.pagekv.page.SegmentTable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Read-only inspection of a store's pages as they lie on disk, for tools ({@code pagekv pages},
 * {@code pagekv page}) in the manner of {@code bbolt pages}/{@code page} and {@code mdb_stat}:
 * page headers of every segment, and one page decoded with its bytes. It reads the segment files
 * the open store maps (the log, from its first segment); it reads nothing through the tree, so a
 * damaged page is described (its CRC reported as not matching), never refused.
 *
 * <p>A segment is walked from its header page along the log: page after page, an overflow run
 * as one entry of its length, up to the first unwritten page (type 0, the zeros of the sparse
 * file). Pages after it are not listed; pages of an abandoned tail before it are, as they are on
 * disk. While another process writes the store, a page it is writing may read as damaged.
 *
 * <p>Thread-safe; each call pins the segments it reads. Obtain one with {@link Store#inspect()}.
 */
public final class PageInspector
{
    private final Store store;

    PageInspector(final Store store)
    {
        this.store = store;
    }

    /** @return the page size. */
    public int pageSize()
    {
        return store.pageSize();
    }

    /** @return the numbers of the segments the store reads, ascending. */
    public List<Integer> segments()
    {
        store.checkUsable();
        final List<Integer> numbers = new ArrayList<>();
        for (final Segment segment : table().pages().all())
        {
            numbers.add(segment.number());
        }
        return numbers;
    }

    /**
     * Lists the pages of every segment, in order.
     *
     * @return one summary per page or overflow run, up to each segment's first unwritten page.
     * @throws CorruptStoreException if a segment file shrank under the mapping.
     */
    public List<PageSummary> pages()
    {
        final List<PageSummary> pages = new ArrayList<>();
        for (final int number : segments())
        {
            pages.addAll(pages(number));
        }
        return pages;
    }

    /**
     * Lists the pages of one segment, in order.
     *
     * @param segment a segment number.
     * @return one summary per page or overflow run, up to the segment's first unwritten page.
     * @throws IllegalArgumentException if the store has no such segment.
     * @throws CorruptStoreException    if the segment file shrank under the mapping.
     */
    public List<PageSummary> pages(final int segment)
    {
        return withSegment(segment, mapped ->
        {
            final List<PageSummary> pages = new ArrayList<>();
            pages.add(PageDecoder.summary(mapped, 0));
            int index = 1;
            while (index < mapped.capacityPages())
            {
                final PageSummary page = PageDecoder.summary(mapped, index);
                if (page.type() == PageType.UNWRITTEN)
                {
                    break;
                }
                pages.add(page);
                index += page.pages();
            }
            return pages;
        });
    }

    /**
     * Decodes one page, whatever it holds: an unwritten page decodes as zeros.
     *
     * @param pageId a page id ({@code segment << 32 | index}).
     * @return the page's header, structure and bytes.
     * @throws IllegalArgumentException if the store has no such segment, or the segment no such page.
     * @throws CorruptStoreException    if the segment file shrank under the mapping.
     */
    public PageDetail page(final long pageId)
    {
        final int index = PageAddress.pageIndex(pageId);
        return withSegment(PageAddress.segment(pageId), mapped ->
        {
            if (index < 0 || index >= mapped.capacityPages())
            {
                throw new IllegalArgumentException("segment " + mapped.number() + " has pages 0 to " + (mapped.capacityPages() - 1) +
                    ", not " + Integer.toUnsignedString(index));
            }
            return PageDecoder.detail(mapped, index);
        });
    }

    private <T> T withSegment(final int number, final Function<Segment, T> read)
    {
        store.checkUsable();
        final SegmentTable table = table();
        final Segment segment = table.pin(number);
        if (segment == null)
        {
            throw new IllegalArgumentException("the store has no segment " + Integer.toUnsignedString(number) +
                "; its segments are " + segments());
        }
        try
        {
            return read.apply(segment);
        }
        catch (final InternalError fault)
        {
            throw ErrorMapper.mappedFault(store.dir(), fault);
        }
        finally
        {
            try
            {
                table.unpin(segment);
            }
            catch (final IOException ex)
            {
                throw ErrorMapper.io("cannot close " + segment.path(), ex);
            }
        }
    }

    private SegmentTable table()
    {
        return store.engine().segments();
    }
}
