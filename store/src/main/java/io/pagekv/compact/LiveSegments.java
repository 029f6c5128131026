package io.pagekv.compact;

import io.pagekv.btree.PageLinks;
import io.pagekv.format.PageAddress;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import io.pagekv.txn.CommitState;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Pages reachable from one commit, counted per segment: branches, leaves, overflow runs and the
 * commit record itself. A walk of the live tree, as {@code verify} does, without the checks.
 *
 * @param livePages     segment number → live pages in it.
 * @param capacityPages segment number → pages its file holds.
 */
public record LiveSegments(NavigableMap<Integer, Long> livePages, NavigableMap<Integer, Long> capacityPages)
{
    /**
     * @param pages the page store, with every segment of the commit mapped.
     * @param head  the commit.
     * @return its live pages per segment, for every segment in the store.
     */
    public static LiveSegments scan(final PageStore pages, final CommitState head)
    {
        final TreeMap<Integer, Long> live = new TreeMap<>();
        final TreeMap<Integer, Long> capacity = new TreeMap<>();
        for (final Segment segment : pages.all())
        {
            live.put(segment.number(), 0L);
            capacity.put(segment.number(), (long)segment.capacityPages());
        }
        live.merge(head.segment(), 1L, Long::sum);
        if (head.root() != PageAddress.NONE)
        {
            visit(pages, head.root(), head.depth() - 1, live);
        }
        return new LiveSegments(live, capacity);
    }

    private static void visit(final PageStore pages, final long pageId, final int levelsBelow, final Map<Integer, Long> live)
    {
        live.merge(PageAddress.segment(pageId), 1L, Long::sum);
        PageLinks.forEach(pages, pageId, levelsBelow, child -> visit(pages, child, levelsBelow - 1, live),
            (run, pageCount) -> live.merge(PageAddress.segment(run), (long)pageCount, Long::sum));
    }

    /**
     * Chooses the segments to retire: the longest run of the oldest segments, below {@code limit},
     * whose live pages are at most {@code maxLiveRatio} of their capacity. Compaction retires the
     * log from its start, so the log stays one run of segments.
     *
     * @param limit        the first segment that may not be retired (the head's).
     * @param maxLiveRatio the largest share of live pages worth moving; 1 retires everything below {@code limit}.
     * @return the new first segment of the log: every segment below it is retired; the current
     * first segment if nothing is worth it.
     */
    public int firstKept(final int limit, final double maxLiveRatio)
    {
        long liveSum = 0;
        long capacitySum = 0;
        int best = -1;
        for (final Map.Entry<Integer, Long> entry : capacityPages.entrySet())
        {
            final int number = entry.getKey();
            if (number >= limit)
            {
                break;
            }
            liveSum += livePages.getOrDefault(number, 0L);
            capacitySum += entry.getValue();
            if (liveSum <= maxLiveRatio * capacitySum)
            {
                best = number;
            }
        }
        return best < 0 ? (capacityPages.isEmpty() ? 0 : capacityPages.firstKey()) : best + 1;
    }
}
