package io.pagekv.btree;

import io.pagekv.format.BranchLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.page.Segment;

import java.util.function.IntPredicate;

/**
 * One pass of {@link WriteTree#relocate} over the committed tree, in key order: a page that lies
 * in a segment being emptied, or that has such a page under it, is copied into a dirty node (its
 * large values in such segments get new runs), until the budget of pages is spent.
 */
final class Relocation
{
    private final WriteTree tree;
    private final IntPredicate inSegment;
    private final int budget;
    private int dirtied;
    private boolean complete = true;

    Relocation(final WriteTree tree, final IntPredicate inSegment, final int budget)
    {
        this.tree = tree;
        this.inSegment = inSegment;
        this.budget = budget;
    }

    /**
     * @param pageId a committed page.
     * @param level  its level, 0 at the root.
     * @return the dirty copy of the page if it or anything under it had to move, else null.
     */
    Node visit(final long pageId, final int level)
    {
        if (dirtied >= budget)
        {
            complete = false;
            return null;
        }
        final boolean moves = inSegment.test(PageAddress.segment(pageId));
        final Segment segment = tree.pages().segment(pageId);
        if (level == tree.depth() - 1)
        {
            final int offset = segment.checkedPage(PageAddress.pageIndex(pageId), PageType.LEAF);
            if (!moves && !LeafNode.hasRunIn(segment.buffer(), offset, inSegment, tree.pages()))
            {
                return null;
            }
            final LeafNode leaf = (LeafNode)tree.load(pageId, true);
            dirtied += 1 + leaf.renewRuns(inSegment, tree.pages(), tree.superseded());
            return leaf;
        }
        final int offset = segment.checkedPage(PageAddress.pageIndex(pageId), PageType.BRANCH);
        // The children are read from the page: a branch is copied only when something under it moves.
        final int children = PageLayout.count(segment.buffer(), offset) + 1;
        BranchNode copy = null;
        if (moves)
        {
            copy = (BranchNode)tree.load(pageId, false);
            dirtied++;
        }
        for (int i = 0; i < children; i++)
        {
            final Node child = visit(BranchLayout.child(segment.buffer(), offset, i), level + 1);
            if (child != null)
            {
                if (copy == null)
                {
                    copy = (BranchNode)tree.load(pageId, false);
                    dirtied++;
                }
                copy.childNodes[i] = child;
            }
        }
        return copy;
    }

    /** @return whether every page that had to move is now dirty. */
    boolean isComplete()
    {
        return complete;
    }
}
