package io.pagekv.compact;

import io.pagekv.btree.PageLinks;
import io.pagekv.format.PageAddress;
import io.pagekv.page.PageStore;
import io.pagekv.txn.CommitState;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How one commit changed the live pages per segment, found from the pages alone: its record and
 * body became live, the previous record died, and so did every page the previous tree reached
 * that the new one does not. The same counts the writer keeps at commit time from its dirty
 * nodes, recomputed for the commits that follow a checkpoint.
 *
 * <p>The walk touches only what changed. Pages written by the commit are its body; below them,
 * the first page of an older commit is shared with the previous tree along with everything under
 * it (committed pages never change), and so is an older overflow run that a new leaf still names.
 * The previous tree is then walked down to those shared pages: everything it meets above them is
 * superseded.
 */
public final class CommitDiff
{
    private final PageStore pages;
    private final CommitState previous;
    private final CommitState next;
    private final Set<Long> shared = new HashSet<>();

    private CommitDiff(final PageStore pages, final CommitState previous, final CommitState next)
    {
        this.pages = pages;
        this.previous = previous;
        this.next = next;
    }

    /**
     * @param pages    the page store, with both commits' segments mapped.
     * @param previous a commit.
     * @param next     the commit right after it.
     * @return segment number → change in live pages that {@code next} made.
     */
    public static Map<Integer, Long> deltas(final PageStore pages, final CommitState previous, final CommitState next)
    {
        return new CommitDiff(pages, previous, next).deltas();
    }

    private Map<Integer, Long> deltas()
    {
        final Map<Integer, Long> deltas = new TreeMap<>();
        deltas.merge(next.segment(), 1L + next.bodyPages(), Long::sum);
        deltas.merge(previous.segment(), -1L, Long::sum);
        if (next.root() != PageAddress.NONE)
        {
            markShared(next.root(), next.depth() - 1);
        }
        if (previous.root() != PageAddress.NONE)
        {
            collectSuperseded(previous.root(), previous.depth() - 1, deltas);
        }
        return deltas;
    }

    private boolean isWrittenByNext(final long pageId)
    {
        final int first = PageAddress.pageIndex(next.recordId()) + 1;
        final int index = PageAddress.pageIndex(pageId);
        return PageAddress.segment(pageId) == next.segment() && index >= first && index < first + next.bodyPages();
    }

    private void markShared(final long pageId, final int levelsBelow)
    {
        if (!isWrittenByNext(pageId))
        {
            shared.add(pageId);
            return;
        }
        PageLinks.forEach(pages, pageId, levelsBelow, child -> markShared(child, levelsBelow - 1), (run, pageCount) ->
        {
            if (!isWrittenByNext(run))
            {
                shared.add(run);
            }
        });
    }

    private void collectSuperseded(final long pageId, final int levelsBelow, final Map<Integer, Long> deltas)
    {
        if (shared.contains(pageId))
        {
            return;
        }
        deltas.merge(PageAddress.segment(pageId), -1L, Long::sum);
        PageLinks.forEach(pages, pageId, levelsBelow, child -> collectSuperseded(child, levelsBelow - 1, deltas), (run, pageCount) ->
        {
            if (!shared.contains(run))
            {
                deltas.merge(PageAddress.segment(run), -(long)pageCount, Long::sum);
            }
        });
    }
}
