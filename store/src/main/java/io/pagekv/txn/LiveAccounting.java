package io.pagekv.txn;

import io.pagekv.btree.WriteTree;
import io.pagekv.format.PageAddress;

import java.util.Map;
import java.util.TreeMap;

/**
 * Live pages per segment, kept up to date at every commit: a commit adds its record and body to
 * the segment it is written in, and takes away every page it supersedes (the tree pages it
 * copied, the overflow runs it replaced or deleted) and the previous head's commit record. Known
 * in memory only: a store counts it once, by a scan of the live tree, the first time it is
 * needed after open ({@link #initialize}); {@code verify} recounts and compares.
 *
 * <p>Writer thread only (under the store's write lock), except the read methods.
 */
public final class LiveAccounting
{
    private final TreeMap<Integer, Long> live = new TreeMap<>();
    private boolean initialized;

    /**
     * @return whether the counts are known.
     */
    public synchronized boolean isInitialized()
    {
        return initialized;
    }

    /**
     * Sets the counts from a scan of the head's live tree.
     *
     * @param scanned segment number → live pages, for the head the scan started from.
     */
    public synchronized void initialize(final Map<Integer, Long> scanned)
    {
        live.clear();
        live.putAll(scanned);
        initialized = true;
    }

    /**
     * Counts one commit: its record and body become live where they were written, the previous
     * head's record and every page the commit superseded become dead.
     *
     * @param tree     the committed transaction's tree.
     * @param previous the head it followed.
     * @param next     the commit.
     */
    void committed(final WriteTree tree, final CommitState previous, final CommitState next)
    {
        // Counts start at the first compaction check: before it (and with compaction off) a
        // commit pays nothing here. Initializing happens under the write lock, as this does.
        if (!isInitialized())
        {
            return;
        }
        final Map<Integer, Long> deltas = new TreeMap<>();
        deltas.merge(next.segment(), 1L + next.bodyPages(), Long::sum);
        deltas.merge(previous.segment(), -1L, Long::sum);
        tree.forEachSupersededPage(pageId -> deltas.merge(PageAddress.segment(pageId), -1L, Long::sum));
        synchronized (this)
        {
            deltas.forEach((segment, delta) -> live.merge(segment, delta, Long::sum));
        }
    }

    /**
     * Forgets retired segments.
     *
     * @param firstSegment the log's first segment.
     */
    synchronized void retiredBelow(final int firstSegment)
    {
        live.headMap(firstSegment).clear();
    }

    /**
     * @return segment number → live pages; empty if not initialized.
     */
    public synchronized TreeMap<Integer, Long> snapshot()
    {
        return new TreeMap<>(live);
    }

    /**
     * @return live pages in all segments, or -1 if not initialized.
     */
    public synchronized long total()
    {
        return initialized ? live.values().stream().mapToLong(Long::longValue).sum() : -1;
    }
}
