package io.pagekv.btree;

import io.pagekv.format.PageAddress;
import io.pagekv.page.PageStore;

/**
 * Where compaction must stop: the lowest segment holding a live patchable run. Patches and the
 * counters of other processes write to such a run in place, at any time, without the writer's
 * lock, so compaction never moves one ({@link LeafNode#isPatchable}) and never retires the log
 * past one (decision 20).
 */
public final class PinnedRuns
{
    private final PageStore pages;
    private int lowest = Integer.MAX_VALUE;

    private PinnedRuns(final PageStore pages)
    {
        this.pages = pages;
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
        final PinnedRuns walk = new PinnedRuns(pages);
        if (root != PageAddress.NONE)
        {
            walk.visit(root, depth - 1);
        }
        return walk.lowest;
    }

    private void visit(final long pageId, final int levelsBelow)
    {
        PageLinks.forEach(pages, pageId, levelsBelow, child -> visit(child, levelsBelow - 1), (run, pageCount) ->
        {
            if (PageAddress.segment(run) < lowest && LeafNode.isPatchable(pages, run))
            {
                lowest = PageAddress.segment(run);
            }
        });
    }
}
