package io.pagekv.txn;

import io.pagekv.format.PageAddress;
import io.pagekv.io.StoreFile;
import io.pagekv.ipc.LockFile;
import io.pagekv.page.Segment;
import io.pagekv.page.SegmentTable;

import java.io.IOException;
import java.util.ArrayList;

/**
 * How a read-only store follows a writer in another process that compacts: the writer bumps the
 * lock file's log generation after it retired segments; seeing it change, the reader re-reads
 * {@code meta}, jumps to the newest checkpoint if its walk of the log met a retired segment, maps
 * the log from its new first segment, and retires (once this process's older snapshots close)
 * the segments below it. Its open snapshots keep reading from their own mappings of the deleted
 * files.
 *
 * <p>One refreshing reader at a time (the store's refresh lock).
 */
final class CompactionFollower
{
    private final StoreFile meta;
    private final LockFile lockFile;
    private final SegmentTable segments;
    private final LogReader reader;
    private final Retirements retirements;
    private volatile int firstSegment;
    private volatile long seenLogGeneration;

    CompactionFollower(
        final StoreFile meta, final LockFile lockFile, final SegmentTable segments, final LogReader reader, final Retirements retirements,
        final int firstSegment, final long seenLogGeneration)
    {
        this.meta = meta;
        this.lockFile = lockFile;
        this.segments = segments;
        this.reader = reader;
        this.retirements = retirements;
        this.firstSegment = firstSegment;
        this.seenLogGeneration = seenLogGeneration;
    }

    /**
     * @return the log's first segment as this reader last saw it.
     */
    int firstSegment()
    {
        return firstSegment;
    }

    /**
     * @return the log generation that the newest commit {@link #follow} returned accounts for.
     */
    long seenLogGeneration()
    {
        return seenLogGeneration;
    }

    /**
     * @param head the newest commit the reader's walk reached.
     * @return the newest commit after following a compaction, if the writer compacted since.
     * @throws IOException if {@code meta} or a segment cannot be read.
     */
    CommitState follow(final CommitState head) throws IOException
    {
        if (lockFile == null || lockFile.logGeneration() == seenLogGeneration)
        {
            return head;
        }
        final long generation = lockFile.logGeneration();
        CommitState newHead = head;
        final SuperblockSlot newest = Superblock.read(meta, new ArrayList<>()).get(0);
        if (newest.commitTxn() > head.txnId())
        {
            final Segment segment = segments.open(PageAddress.segment(newest.commitPage()));
            final CommitState checkpointed = segment == null ? null :
                CommitReader.record(segment, PageAddress.pageIndex(newest.commitPage()));
            if (checkpointed != null && checkpointed.txnId() == newest.commitTxn() && checkpointed.recordCrc() == newest.commitCrc())
            {
                Recovery.mapSegmentsUpTo(segments, newest.firstSegment(), checkpointed.segment(), checkpointed.segment(), null);
                newHead = reader.last(checkpointed);
            }
        }
        if (newest.firstSegment() > firstSegment)
        {
            retirements.scheduleBetween(firstSegment, newest.firstSegment(), newHead.txnId(), false);
            firstSegment = newest.firstSegment();
        }
        retirements.retireReady();
        seenLogGeneration = generation;
        return newHead;
    }
}
