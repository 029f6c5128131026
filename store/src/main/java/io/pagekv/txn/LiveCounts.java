package io.pagekv.txn;

import io.pagekv.format.SuperblockLayout;

import java.util.Map;
import java.util.TreeMap;

/**
 * The live pages per segment of one commit, as a checkpoint records them in the superblock, so
 * that an open needs no scan of the tree to know them.
 *
 * @param commitTxn    the commit they describe (the checkpointed one).
 * @param firstSegment the first segment described.
 * @param livePages    live pages of each segment from {@code firstSegment} on.
 */
public record LiveCounts(long commitTxn, int firstSegment, long[] livePages)
{
    /**
     * @param commitTxn the commit the counts describe.
     * @param counts    segment number → live pages; segments below {@code firstSegment} are left out.
     * @param firstSegment the log's first segment.
     * @return the counts in the form a slot holds, or null if they do not fit one.
     */
    static LiveCounts of(final long commitTxn, final Map<Integer, Long> counts, final int firstSegment)
    {
        final TreeMap<Integer, Long> kept = new TreeMap<>(counts);
        kept.headMap(firstSegment).clear();
        if (kept.isEmpty())
        {
            return new LiveCounts(commitTxn, firstSegment, new long[0]);
        }
        final int first = kept.firstKey();
        final int length = kept.lastKey() - first + 1;
        if (length > SuperblockLayout.MAX_LIVE_COUNTS)
        {
            return null;
        }
        final long[] pages = new long[length];
        kept.forEach((segment, live) -> pages[segment - first] = live);
        return new LiveCounts(commitTxn, first, pages);
    }

    /**
     * @return segment number → live pages.
     */
    public TreeMap<Integer, Long> toMap()
    {
        final TreeMap<Integer, Long> map = new TreeMap<>();
        for (int i = 0; i < livePages.length; i++)
        {
            map.put(firstSegment + i, livePages[i]);
        }
        return map;
    }
}
