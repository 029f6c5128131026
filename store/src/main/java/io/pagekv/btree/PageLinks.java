package io.pagekv.btree;

import io.pagekv.format.BranchLayout;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.OverflowLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import io.pagekv.value.ValueKind;
import org.agrona.DirectBuffer;

import java.util.function.LongConsumer;

/**
 * What one committed tree page points to: a branch's children, a leaf's overflow runs. The one
 * reading of those links that the walks over whole trees share (live pages per segment, what a
 * commit superseded, the lowest pinned run); each walk decides where to descend.
 */
public final class PageLinks
{
    /** Told of one overflow run a leaf names. */
    @FunctionalInterface
    public interface RunLink
    {
        /**
         * @param runId     the run's first page id.
         * @param pageCount pages the run takes.
         */
        void run(long runId, int pageCount);
    }

    private PageLinks()
    {
    }

    /**
     * Reads a committed tree page (checked once, as every first read is) and hands on its links,
     * in order.
     *
     * @param pages       the page store.
     * @param pageId      the page.
     * @param levelsBelow 0 for a leaf, else the levels of branches and leaves under it.
     * @param child       told of each child of a branch.
     * @param run         told of each overflow run of a leaf.
     * @throws io.pagekv.CorruptStoreException if the page is damaged or not of the type its level says.
     */
    public static void forEach(final PageStore pages, final long pageId, final int levelsBelow, final LongConsumer child, final RunLink run)
    {
        final Segment segment = pages.segment(pageId);
        final DirectBuffer buffer = segment.buffer();
        final int page = segment.checkedPage(PageAddress.pageIndex(pageId), levelsBelow == 0 ? PageType.LEAF : PageType.BRANCH);
        final int count = PageLayout.count(buffer, page);
        if (levelsBelow > 0)
        {
            for (int i = 0; i <= count; i++)
            {
                child.accept(BranchLayout.child(buffer, page, i));
            }
            return;
        }
        if (LeafLayout.claimsNoRuns(buffer, page))
        {
            return;
        }
        for (int i = 0; i < count; i++)
        {
            final int cell = LeafLayout.cell(buffer, page, i);
            if (ValueKind.hasRun(LeafLayout.valueKind(buffer, cell)))
            {
                run.run(buffer.getLong(LeafLayout.valueOffset(buffer, cell), FormatVersion.ORDER),
                    OverflowLayout.pagesFor(LeafLayout.valueLength(buffer, cell), pages.pageSize()));
            }
        }
    }
}
