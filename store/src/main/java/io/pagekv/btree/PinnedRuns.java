package io.pagekv.btree;

import io.pagekv.format.BranchLayout;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import org.agrona.DirectBuffer;

/**
 * Where compaction must stop: the lowest segment holding a live patchable run. Patches and the
 * counters of other processes write to such a run in place, at any time, without the writer's
 * lock, so compaction never moves one ({@link LeafNode#isPatchable}) and never retires the log
 * past one (decision 20).
 */
public final class PinnedRuns
{
    private PinnedRuns()
    {
    }

    /**
     * @param pages the page store.
     * @param root  the root of the commit, or {@link PageAddress#NONE}.
     * @param depth its depth.
     * @return the lowest segment number holding a patchable run that commit reaches, or
     * {@link Integer#MAX_VALUE} if it reaches none.
     */
    public static int lowestSegment(final PageStore pages, final long root, final int depth)
    {
        return root == PageAddress.NONE ? Integer.MAX_VALUE : visit(pages, root, depth - 1);
    }

    private static int visit(final PageStore pages, final long pageId, final int levelsBelow)
    {
        final Segment segment = pages.segment(pageId);
        final DirectBuffer buffer = segment.buffer();
        final int page = segment.checkedPage(PageAddress.pageIndex(pageId), levelsBelow == 0 ? PageType.LEAF : PageType.BRANCH);
        final int count = PageLayout.count(buffer, page);
        int lowest = Integer.MAX_VALUE;
        if (levelsBelow > 0)
        {
            for (int i = 0; i <= count; i++)
            {
                lowest = Math.min(lowest, visit(pages, BranchLayout.child(buffer, page, i), levelsBelow - 1));
            }
            return lowest;
        }
        for (int i = 0; i < count; i++)
        {
            final int cell = LeafLayout.cell(buffer, page, i);
            if (LeafLayout.valueKind(buffer, cell) == LeafLayout.VALUE_OVERFLOW)
            {
                final long run = buffer.getLong(LeafLayout.valueOffset(buffer, cell), FormatVersion.ORDER);
                if (PageAddress.segment(run) < lowest && LeafNode.isPatchable(pages, run))
                {
                    lowest = PageAddress.segment(run);
                }
            }
        }
        return lowest;
    }
}
