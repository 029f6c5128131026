package io.pagekv.txn;

import io.pagekv.btree.WriteTree;
import io.pagekv.format.PageAddress;

import java.util.Map;
import java.util.TreeMap;

/**
 * Live pages per segment, kept up to date at every commit: a commit adds its record and body to
 * the segment it is written in, and takes away every page it supersedes (the tree pages it
 * copied, the overflow runs it replaced or deleted) and the previous head's commit record. Each
 * checkpoint records the counts of the commit it names in the superblock ({@link #countsFor});
 * an open takes them from there and counts the commits after the checkpoint, or, when the
 * superblock has none, scans the live tree the first time they are needed ({@link #initialize});
 * {@code verify} recounts and compares.
 *
 * <p>Writer thread only (under the store's write lock), except the read methods.
 */
public final class LiveAccounting
{
    private final TreeMap<Integer, Long> live = new TreeMap<>();
    private boolean initialized;
    private long txnId;
    private boolean fromCheckpoint;

    /**
     * @return whether the counts are known.
     */
    public synchronized boolean isInitialized()
    {
        return initialized;
    }

    /**
     * Sets the counts from a scan of the head's live tree, or from a checkpoint's counts brought
     * up to the head.
     *
     * @param counts         segment number → live pages, for the head.
     * @param headTxn        the head they describe.
     * @param fromCheckpoint whether they came from a checkpoint rather than a scan.
     */
    public synchronized void initialize(final Map<Integer, Long> counts, final long headTxn, final boolean fromCheckpoint)
    {
        live.clear();
        live.putAll(counts);
        txnId = headTxn;
        this.fromCheckpoint = fromCheckpoint;
        initialized = true;
    }

    /**
     * @return whether the counts were taken from a checkpoint at open, not from a scan.
     */
    public synchronized boolean isFromCheckpoint()
    {
        return initialized && fromCheckpoint;
    }

    /**
     * @param headTxn      the commit a checkpoint names.
     * @param firstSegment the log's first segment in that checkpoint.
     * @return the counts of that commit in the form a superblock slot holds them, or null if they
     * are not known for it or do not fit.
     */
    synchronized LiveCounts countsFor(final long headTxn, final int firstSegment)
    {
        return initialized && txnId == headTxn ? LiveCounts.of(headTxn, live, firstSegment) : null;
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
            txnId = next.txnId();
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
        if (!initialized)
        {
            return -1;
        }
        long total = 0;
        for (final long pages : live.values())
        {
            total += pages;
        }
        return total;
    }
}
