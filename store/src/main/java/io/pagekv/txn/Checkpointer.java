package io.pagekv.txn;

import io.pagekv.format.PageAddress;
import io.pagekv.io.StoreFile;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes checkpoints: writes a commit that a force made durable into the older superblock slot
 * of {@code meta}. A checkpoint bounds recovery's walk; it is taken when the log grew by the
 * configured interval (naming a commit of that moment once a force covered it, decision 72), at
 * a segment roll (naming the full segment's last commit, which the roll forced), and at close
 * (forcing the log). The interval's and a roll's checkpoints are written without forcing
 * {@code meta} (decision 56): the log flusher forces it in the background
 * ({@link #forceDeferredSlot}), and the next slot write forces it first if it is still pending,
 * so at most one slot is ever in flight.
 *
 * <p>Writer thread only, except {@link #forceDeferredSlot}.
 */
final class Checkpointer
{
    private final StoreFile meta;
    private final SuperblockSlot created;
    private final CommitLog log;
    private final LiveAccounting accounting;
    private SuperblockSlot last;
    /** The log's bytes written when the commit the last slot names was the head (about). */
    private long checkpointedBytes;
    /** The commit {@link #afterCommit} writes once a force covers it; null for none. */
    private CommitState candidate;
    /** The live counts of {@link #candidate} when it was the head, or null if they were not known. */
    private LiveCounts candidateCounts;
    /** The log's bytes written when {@link #candidate} was the head. */
    private long candidateBytes;
    /** The sequence number of the newest slot written without a force; 0 for none. Set by the writer. */
    private volatile long unforcedSequence;
    /** The newest slot sequence number known forced, by the writer or the log flusher. */
    private final AtomicLong forcedSequence = new AtomicLong();

    /**
     * @param meta    the superblock file, open for writing.
     * @param slot    the slot recovery used: the last checkpoint.
     * @param created the superblock as read at open, for the fields every slot repeats.
     * @param log     the log to force before a checkpoint.
     * @param accounting live pages per segment, recorded with the commit a checkpoint names.
     */
    Checkpointer(final StoreFile meta, final SuperblockSlot slot, final SuperblockSlot created, final CommitLog log, final LiveAccounting accounting)
    {
        this.accounting = accounting;
        this.meta = meta;
        this.last = slot;
        this.created = created;
        this.log = log;
    }

    /**
     * @return the slot written at the last checkpoint (or read at open).
     */
    SuperblockSlot last()
    {
        return last;
    }

    /**
     * After a commit, the interval's checkpoint without a wait for a force (decision 72). When the
     * log grew by {@code everyBytes} since the last checkpoint, the head becomes the candidate,
     * with its live counts as they are now; a later call writes it, without forcing the log or
     * {@code meta}, once a force covered it (the log flusher's, a group commit's, a roll's). It
     * waits for that force only when the log grew by twice the interval meanwhile, so the walk
     * recovery may face stays bounded when forces lag. Every other slot write drops the candidate
     * (it names a newer commit). The head is checkpointed at once, forcing the log, when the
     * checkpoint lags two segments.
     *
     * @param head       the newest commit.
     * @param everyBytes log growth between checkpoints.
     * @throws IOException if a write or force fails; the caller must poison the store.
     */
    void afterCommit(final CommitState head, final long everyBytes) throws IOException
    {
        if (candidate != null && (log.isDurable(candidate.txnId()) || log.bytesWritten() - checkpointedBytes >= 2 * everyBytes))
        {
            // Returns at once when a force covered it; else rides on the force that runs.
            log.forceUpTo(candidate.txnId());
            final long grownTo = candidateBytes;
            writeSlot(candidate, candidateCounts, last.firstSegment(), false, false);
            checkpointedBytes = grownTo;
        }
        // A roll checkpoints the full segment's last commit (checkpointRolled): the head's
        // segment or the one before it is checkpointed already then.
        if (PageAddress.segment(last.commitPage()) < head.segment() - 1)
        {
            checkpoint(head);
        }
        else if (candidate == null && log.bytesWritten() - checkpointedBytes >= everyBytes && isBehind(head))
        {
            candidate = head;
            candidateCounts = accounting.countsFor(head.txnId(), last.firstSegment());
            candidateBytes = log.bytesWritten();
        }
    }

    /**
     * The checkpoint of a segment roll: names {@code rolledFrom}, the last commit of the full
     * segment, which the roll's force made durable with everything written before it (appends
     * and changes in place), so the log is not forced again; a checkpoint naming the new
     * segment's first commit would force that commit's pages on the writer's thread.
     *
     * <p>A commit no force covered is left to {@link #afterCommit}: the transaction is
     * appended by then, and a checkpoint that is skipped only leaves recovery a longer walk.
     *
     * @param rolledFrom the last commit before the roll, forced by it.
     * @throws IOException if the superblock write or force fails; the caller must poison the store.
     */
    void checkpointRolled(final CommitState rolledFrom) throws IOException
    {
        if (log.isDurable(rolledFrom.txnId()) && isBehind(rolledFrom))
        {
            writeSlot(rolledFrom, last.firstSegment(), false, false);
        }
    }

    /**
     * Forces {@code meta} if a slot was written without a force and no force covered it yet. A
     * crash before then only leaves recovery the older slot, and with it a longer walk: the
     * commit the slot names was forced before it was written, and nothing is retired on the
     * strength of an unforced slot ({@link #retireBelow} forces both of its writes).
     * Thread-safe: the writer calls it before every slot write, the log flusher after each
     * background force.
     *
     * @throws IOException if the force fails; the caller must poison the store.
     */
    void forceDeferredSlot() throws IOException
    {
        // Read before the force: the slot write it names happened before it was published.
        final long pending = unforcedSequence;
        if (forcedSequence.get() < pending)
        {
            meta.force();
            forcedSequence.accumulateAndGet(pending, Math::max);
        }
    }

    /**
     * Forces the log and writes {@code head} into the older superblock slot, unless it is
     * checkpointed already (with its live counts, if they are known now).
     *
     * @param head the newest commit.
     * @throws IOException if a write or force fails; the caller must poison the store.
     */
    void checkpoint(final CommitState head) throws IOException
    {
        if (isBehind(head))
        {
            write(head, last.firstSegment(), false);
        }
    }

    /**
     * The last write of a clean close: marks the slot naming {@code head} with
     * {@code SuperblockLayout.FLAG_CLOSED_CLEANLY}. Call it after every other force of the close;
     * the next writable open then need not force the directory.
     *
     * <p>When the newest slot names {@code head} already (the close's checkpoint wrote it), it is
     * rewritten in place with the mark, so that the older slot keeps naming an older commit: the
     * fallback when the head's commit record is found damaged. The rewrite changes only the flags
     * and the CRC, both in the slot's first sector: a torn write leaves the old slot or the new
     * one, and either names the same commit. A store reopened cleanly and closed without a change
     * writes nothing. A head not checkpointed yet is written into the older slot, as a checkpoint.
     *
     * @param head the newest commit.
     * @throws IOException if a write or force fails.
     */
    void closeCleanly(final CommitState head) throws IOException
    {
        if (isBehind(head))
        {
            write(head, last.firstSegment(), true);
        }
        else if (!last.closedCleanly())
        {
            log.force();
            forceDeferredSlot();
            final SuperblockSlot marked = new SuperblockSlot(last.slot(), last.sequence(), last.storeId(), last.pageSize(),
                last.commitPage(), last.commitTxn(), last.commitCrc(), last.firstSegment(), last.segmentSize(), last.created(),
                last.liveCounts(), true);
            Superblock.write(meta, marked);
            last = marked;
        }
    }

    /** @return whether the newest slot does not name {@code head}, or lacks live counts known now. */
    private boolean isBehind(final CommitState head)
    {
        return last.commitPage() != head.recordId() ||
            last.liveCounts() == null && accounting.countsFor(head.txnId(), last.firstSegment()) != null;
    }

    /**
     * Retires the log below {@code firstSegment}: forces the log and writes {@code head} with it
     * into both superblock slots, one after the other, so that neither names a commit or a
     * segment that is about to go. Only then may those segments be deleted.
     *
     * @param head         the newest commit, in a segment at or above {@code firstSegment}.
     * @param firstSegment the lowest segment the log keeps.
     * @throws IOException if a write or force fails; the caller must poison the store.
     */
    void retireBelow(final CommitState head, final int firstSegment) throws IOException
    {
        if (head.segment() < firstSegment)
        {
            throw new IllegalArgumentException("the head (segment " + head.segment() + ") would lie below the log's first segment " + firstSegment);
        }
        write(head, firstSegment, false);
        write(head, firstSegment, false);
    }

    /**
     * Writes {@code head} into both slots, newest last: after history beyond a damaged point was
     * truncated, no slot may still name a commit that is gone.
     *
     * @param head the newest commit.
     * @throws IOException if a write or force fails; the caller must poison the store.
     */
    void rewrite(final CommitState head) throws IOException
    {
        write(head, last.firstSegment(), false);
        write(head, last.firstSegment(), false);
    }

    private void write(final CommitState head, final int firstSegment, final boolean closedCleanly) throws IOException
    {
        log.force();
        writeSlot(head, firstSegment, closedCleanly);
    }

    /** Writes and forces the older slot naming {@code head}, which must be forced already. */
    private void writeSlot(final CommitState head, final int firstSegment, final boolean closedCleanly) throws IOException
    {
        writeSlot(head, firstSegment, closedCleanly, true);
    }

    /**
     * Writes the older slot naming {@code head}, which must be forced already, after forcing the
     * newer one if its force was deferred; forces it if {@code force}.
     */
    private void writeSlot(final CommitState head, final int firstSegment, final boolean closedCleanly, final boolean force)
        throws IOException
    {
        writeSlot(head, accounting.countsFor(head.txnId(), firstSegment), firstSegment, closedCleanly, force);
    }

    /** {@link #writeSlot(CommitState, int, boolean, boolean)} with the live counts of {@code head} given. */
    private void writeSlot(
        final CommitState head, final LiveCounts counts, final int firstSegment, final boolean closedCleanly, final boolean force)
        throws IOException
    {
        forceDeferredSlot();
        candidate = null;
        candidateCounts = null;
        final SuperblockSlot slot = new SuperblockSlot(1 - last.slot(), last.sequence() + 1, created.storeId(), created.pageSize(),
            head.recordId(), head.txnId(), head.recordCrc(), firstSegment, created.segmentSize(), created.created(),
            counts, closedCleanly);
        Superblock.write(meta, slot, force);
        if (force)
        {
            forcedSequence.accumulateAndGet(slot.sequence(), Math::max);
        }
        else
        {
            unforcedSequence = slot.sequence();
        }
        last = slot;
        checkpointedBytes = log.bytesWritten();
    }
}
