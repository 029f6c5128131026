package io.pagekv.txn;

import io.pagekv.StoreIOException;
import io.pagekv.StorePoisonedException;
import io.pagekv.btree.PinnedRuns;
import io.pagekv.btree.WriteTree;
import io.pagekv.format.PageAddress;
import io.pagekv.io.ErrorMapper;
import io.pagekv.ipc.ReaderTable;
import io.pagekv.ipc.StoreCounters;
import io.pagekv.page.Segment;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The commit policy below the public API: appends a transaction, forces it when commits are
 * durable one by one, checkpoints at the configured interval, and poisons the store when a force
 * fails (after a failed fsync nothing may be built on the log: the kernel may have dropped the
 * pages it could not write). Every write that changes the store passes {@link #commit}: the one
 * place where a hook that watches writes will sit.
 *
 * <p>With {@code Durability.SYNC} a commit is two steps: {@link #commit} appends it under the
 * store's write lock, then {@link #awaitDurable}, after the lock is released, waits for a force
 * that covers it. Threads that commit meanwhile share that force (group commit, decision 40).
 *
 * <p>With {@code Durability.ASYNC} a {@link LogFlusher} forces the log in the background
 * every few MiB (decision 53), so that checkpoints and segment rolls find little left to force.
 *
 * <p>Writer thread only (the store's write lock), except {@link #awaitDurable},
 * {@link #throwIfPoisoned} and {@link #isPoisoned}, which any thread may call.
 */
public final class Committer
{
    private static final System.Logger LOGGER = System.getLogger("io.pagekv");
    /** The most log growth between background forces of unforced commits ({@link LogFlusher}). */
    static final long FLUSH_AHEAD_BYTES = 4L << 20;

    private final Engine engine;
    private final boolean forceEachCommit;
    private final long checkpointBytes;
    private final LiveAccounting accounting;
    private final StoreCounters counters;
    private volatile StorePoisonedException poison;
    /**
     * The newest unforced txn acknowledged to the application ({@code Durability.ASYNC}): its
     * commit returned. With {@code SYNC} a commit returns only once forced, so nothing
     * acknowledged is ever less durable than that and nothing is counted.
     */
    private final AtomicLong acknowledged;
    /** Forces unforced commits in the background ({@code Durability.ASYNC}); null with {@code SYNC}. */
    private final LogFlusher flusher;
    /** {@link #pinnedFloor}: written under the store's write lock, read by compaction's plan. */
    private volatile int pinnedFloor = Integer.MAX_VALUE;

    /**
     * @param engine          the open, writable engine.
     * @param forceEachCommit whether a commit returns only after it is forced ({@code Durability.SYNC}).
     * @param checkpointBytes log growth between checkpoints.
     * @param counters        the live counters commits move.
     */
    public Committer(final Engine engine, final boolean forceEachCommit, final long checkpointBytes, final StoreCounters counters)
    {
        this.counters = counters;
        this.engine = engine;
        this.forceEachCommit = forceEachCommit;
        this.checkpointBytes = checkpointBytes;
        this.accounting = engine.accounting();
        // A writable open forces what recovery found and checkpoints it: the head is durable.
        this.acknowledged = new AtomicLong(engine.head().txnId());
        // A quarter of a segment at most, so that a roll finds most of the full segment forced.
        final long aheadBytes = Math.min(FLUSH_AHEAD_BYTES, Math.min(checkpointBytes / 2, engine.superblock().segmentSize() / 4));
        this.flusher = forceEachCommit ? null : new LogFlusher(engine.log(), engine.checkpointer(), aheadBytes, this::flushFailed, engine.dir());
    }

    /**
     * Appends a transaction's tree, unless it changed nothing, and checkpoints when due. With
     * {@code Durability.ASYNC} the commit is then complete; with {@code SYNC} it is durable only
     * after {@link #awaitDurable}, which the caller runs once it has released the write lock.
     *
     * @param tree  the transaction's tree.
     * @param txnId its id, for messages.
     * @return the new head (the old one if nothing changed).
     * @throws StoreIOException        if a write failed; nothing of the transaction is visible.
     * @throws StorePoisonedException  if a force failed.
     * @throws IllegalStateException   if the transaction was begun on a commit that is no longer the head.
     */
    public CommitState commit(final WriteTree tree, final long txnId)
    {
        throwIfPoisoned();
        if (!tree.isDirty())
        {
            return engine.head();
        }
        if (txnId != engine.head().txnId() + 1)
        {
            // Never append a tree built on an older head: it would silently drop the commits since.
            throw new IllegalStateException("txn " + txnId + " was begun on txn " + (txnId - 1) + " but the head is now txn " +
                engine.head().txnId() + "; it is not committed (nothing was written)");
        }
        final CommitState previous = engine.head();
        final CommitState next;
        try
        {
            next = engine.append(tree, System.currentTimeMillis());
        }
        catch (final ForceFailedException ex)
        {
            throw poison("force before txn " + txnId + " (at a segment roll) failed; earlier commits may not be durable", ex);
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("commit of txn " + txnId + " failed writing to " + engine.dir() + "; nothing of it is visible", ex);
        }
        if (flusher != null)
        {
            flusher.appended(next.txnId(), engine.log().bytesWritten());
        }
        if (next.segment() != previous.segment())
        {
            // Before the accounting moves to the new commit: the checkpoint records the counts of the one it names.
            checkpointRolled(previous, txnId);
        }
        accounting.committed(tree, previous, next);
        counters.committed(next.txnId(), next.time(), next.bodyPages() + 1, engine.pages().pageSize());
        final SuperblockSlot checkpointed = engine.lastCheckpoint();
        try
        {
            if (tree.writesPatchable())
            {
                engine.checkpoint();
            }
            else
            {
                engine.checkpointer().afterCommit(next, checkpointBytes);
            }
        }
        catch (final IOException ex)
        {
            poison("checkpoint after txn " + txnId + " failed", ex);
        }
        if (engine.lastCheckpoint() != checkpointed)
        {
            counters.forced();
        }
        if (!forceEachCommit)
        {
            acknowledged.accumulateAndGet(txnId, Math::max);
        }
        if (counters.sampleDue(next.time()))
        {
            sampleGauges(next.time());
        }
        if (engine.retirementsPending() > 0)
        {
            deleteRetired("txn " + txnId + " is committed");
        }
        return next;
    }

    /**
     * The second step of a commit with {@code Durability.SYNC}: returns once {@code committed}
     * is forced, by a force of this thread or of another committing thread that covered it.
     * Without the write lock. Only for a store whose commits are forced
     * ({@link #forcesEachCommit}): the caller decides, since it also decides when to publish.
     *
     * @param committed a commit {@link #commit} returned.
     * @throws StorePoisonedException if the force failed: the commit may or may not be durable.
     */
    public void awaitDurable(final CommitState committed)
    {
        final long txnId = committed.txnId();
        throwIfPoisoned();
        try
        {
            if (engine.log().forceUpTo(txnId))
            {
                counters.forced();
            }
        }
        catch (final IOException ex)
        {
            throw poison("force of txn " + txnId + " failed; it may or may not be durable", ex);
        }
    }

    /**
     * @return whether a commit is durable only after {@link #awaitDurable} ({@code Durability.SYNC}).
     */
    public boolean forcesEachCommit()
    {
        return forceEachCommit;
    }

    /**
     * Journals one in-place patch (decision 13): if the patched run's commit is newer than the
     * last checkpoint, checkpoints first, so that no commit body recovery re-checks covers patched
     * bytes; then appends the patch record after the head and forces it, in every durability
     * mode, before the caller writes the bytes in place. Under the store's write lock.
     *
     * @param target      the patched run.
     * @param targetTxn   the txn that wrote it.
     * @param valueOffset where in the value.
     * @param bytes       the new bytes.
     * @param offset      where they start in {@code bytes}.
     * @param length      how many.
     * @return the record's page id.
     * @throws StoreIOException       if the record cannot be written; nothing was patched.
     * @throws StorePoisonedException if a force failed.
     */
    public long journalPatch(
        final long target, final long targetTxn, final int valueOffset, final DirectBuffer bytes, final int offset, final int length)
    {
        throwIfPoisoned();
        checkpointCovering(targetTxn);
        final long recordId;
        try
        {
            recordId = engine.appendPatch(target, valueOffset, bytes, offset, length);
        }
        catch (final ForceFailedException ex)
        {
            throw poison("force before a patch record (at a segment roll) failed", ex);
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("patch record for " + PageAddress.toString(target) + " could not be written to " + engine.dir() +
                "; nothing was patched", ex);
        }
        try
        {
            engine.log().force();
        }
        catch (final IOException ex)
        {
            throw poison("force of the patch record for " + PageAddress.toString(target) + " failed; the patch was not applied", ex);
        }
        return recordId;
    }

    /**
     * Poisons the store after a patch's in-place write failed behind its forced record: no
     * checkpoint, not even the one of {@code close}, may drop the record before a writable open
     * writes its bytes again (decision 62).
     *
     * @param target the patched run.
     * @param cause  the failed write.
     * @return the exception to throw.
     */
    public StorePoisonedException inPlaceWriteFailed(final long target, final IOException cause)
    {
        return poison("the in-place write of a patch of run " + PageAddress.toString(target) + " failed after its record was " +
            "forced (the reopen completes the patch)", cause);
    }

    /**
     * Checkpoints if {@code txnId} is newer than the last checkpoint, after an empty commit that
     * seals the patch records after the head ({@link Engine#sealPatches}). Under the store's
     * write lock.
     *
     * @param txnId a committed txn.
     * @return the head, to publish (it moved if patch records were sealed).
     * @throws StorePoisonedException if the checkpoint fails.
     */
    public CommitState checkpointCovering(final long txnId)
    {
        if (txnId <= engine.lastCheckpoint().commitTxn())
        {
            return engine.head();
        }
        try
        {
            final CommitState previous = engine.head();
            final CommitState sealed = engine.sealPatches();
            if (sealed != null)
            {
                accounting.committed(new WriteTree(engine.pages(), previous.root(), previous.depth(), previous.entryCount()), previous, sealed);
            }
            engine.checkpoint();
            return engine.head();
        }
        catch (final IOException ex)
        {
            throw poison("checkpoint before an in-place change failed", ex);
        }
    }

    /**
     * Makes the next checkpoint force {@code segment}, written in place by a patch. Under the
     * store's write lock.
     *
     * @param segment the segment.
     */
    public void changedInPlace(final Segment segment)
    {
        engine.log().changedInPlace(segment);
    }

    /**
     * @return the lowest segment holding a live patchable run as of the last walk of the tree
     * ({@link #walkPinnedFloor}, also made by every retirement), {@link Integer#MAX_VALUE} if
     * that walk found none or none was made yet. Any thread.
     */
    public int pinnedFloor()
    {
        return pinnedFloor;
    }

    /**
     * Walks the head's tree for the lowest segment holding a live patchable run: compaction
     * never retires the log past it (decision 20). Reads every leaf's header, so callers keep
     * {@link #pinnedFloor} between walks. Under the store's write lock.
     *
     * @return that segment, or {@link Integer#MAX_VALUE} if no patchable run is live.
     */
    public int walkPinnedFloor()
    {
        final CommitState head = engine.head();
        pinnedFloor = PinnedRuns.lowestSegment(engine.pages(), head.root(), head.depth());
        return pinnedFloor;
    }

    /**
     * Retires the log below {@code firstSegment} (compaction's last step): both superblock slots
     * name the head and the new first segment, then the segments below wait for their readers.
     * Under the store's write lock.
     *
     * @param firstSegment the lowest segment the log keeps.
     * @param reusable     whether their files may be kept as spares for new segments (decision 59).
     * @return segments scheduled for retirement.
     * @throws StorePoisonedException if the superblock cannot be written.
     */
    public int retireBelow(final int firstSegment, final boolean reusable)
    {
        throwIfPoisoned();
        final int scheduled;
        try
        {
            // Patchable runs are pinned (decision 20): the log is never retired past one.
            final CommitState head = engine.head();
            final int bound = Math.min(Math.min(firstSegment, walkPinnedFloor()), head.segment());
            if (bound <= engine.firstSegment())
            {
                // Nothing would retire: no checkpoint for nothing (decision 63).
                return 0;
            }
            scheduled = engine.retireBelow(bound, reusable);
            accounting.retiredBelow(engine.firstSegment());
            counters.compacted();
        }
        catch (final IOException ex)
        {
            throw poison("retiring the log below segment " + firstSegment + " failed", ex);
        }
        deleteRetired("the log's first segment is now " + engine.firstSegment());
        return scheduled;
    }

    /**
     * Retires the segments that no reader can reach any more: called after commits and by
     * compaction, under the store's write lock.
     *
     * @return how many were retired.
     * @throws StoreIOException if a file cannot be closed or deleted.
     */
    public int retireReady()
    {
        try
        {
            return engine.retireReady();
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("retiring compacted segments of " + engine.dir() + " failed", ex);
        }
    }

    /**
     * Refreshes the counters that are sampled rather than counted: reader processes (from the
     * reader table, whose claimed slots it counts), live and total pages.
     */
    private void sampleGauges(final long time)
    {
        final ReaderTable table = engine.lockFile().readerTable();
        long totalPages = 0;
        for (final Segment segment : engine.pages().all())
        {
            totalPages += segment.capacityPages();
        }
        counters.sample(time, table == null ? 0 : table.slots().size(), accounting.total(), totalPages);
    }

    /** @return the live counters. */
    public StoreCounters counters()
    {
        return counters;
    }

    /**
     * Deletes the retired segments no reader needs any more, after a commit or a retirement that
     * stands whatever happens here: it is written and forced. A file that cannot be deleted is
     * only space not yet given back, left below the log's first segment, where the next writable
     * open deletes it; so the failure is logged, and neither fails the commit nor poisons the store.
     *
     * @param done what stands, for the message.
     */
    private void deleteRetired(final String done)
    {
        try
        {
            engine.retireReady();
        }
        catch (final IOException ex)
        {
            LOGGER.log(System.Logger.Level.WARNING, done + ", but deleting compacted segments of " + engine.dir() +
                " failed; the next writable open deletes them: " + ex.getMessage(), ex);
        }
    }

    /**
     * @return live pages per segment, counted at every commit once initialized.
     */
    public LiveAccounting accounting()
    {
        return accounting;
    }

    /**
     * The checkpoint at close. A poisoned store is not checkpointed; its close reports the
     * acknowledged commits that the failed force may have left off the disk.
     *
     * @throws StoreIOException       if the checkpoint fails.
     * @throws StorePoisonedException if the store is poisoned and commits were acknowledged
     *                                after the last successful force ({@code Durability.ASYNC}).
     */
    public void checkpointAtClose()
    {
        if (flusher != null)
        {
            flusher.stop();
        }
        final StorePoisonedException poisoned = poison;
        if (poisoned != null)
        {
            // Forced commits were forced before they were acknowledged; unforced ones since the last checkpoint were not.
            final long durable = engine.checkpointer().last().commitTxn();
            if (!forceEachCommit && acknowledged.get() > durable)
            {
                throw new StorePoisonedException("store " + engine.dir() + " closed without its final checkpoint: txns " +
                    (durable + 1) + " to " + acknowledged.get() + " were acknowledged but may not be durable, because a force " +
                    "failed (" + poisoned.getMessage() + "); reopen it to see which of them reached the disk", poisoned);
            }
            return;
        }
        try
        {
            engine.sealPatches();
            engine.checkpoint();
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("final checkpoint of " + engine.dir() + " failed", ex);
        }
    }

    /**
     * @throws StorePoisonedException if a force failed earlier.
     */
    public void throwIfPoisoned()
    {
        final StorePoisonedException poisoned = poison;
        if (poisoned != null)
        {
            throw new StorePoisonedException(poisoned.getMessage(), poisoned);
        }
    }

    /** The checkpoint of a roll: the full segment's last commit, forced by the roll. */
    private void checkpointRolled(final CommitState rolledFrom, final long txnId)
    {
        final SuperblockSlot checkpointed = engine.lastCheckpoint();
        try
        {
            engine.checkpointer().checkpointRolled(rolledFrom);
        }
        catch (final IOException ex)
        {
            poison("checkpoint at the segment roll of txn " + txnId + " failed", ex);
        }
        if (engine.lastCheckpoint() != checkpointed)
        {
            counters.forced();
        }
    }

    /** A background force failed ({@link LogFlusher}): the next call and the close say so. */
    private void flushFailed(final ForceFailedException ex)
    {
        final StorePoisonedException poisoned = poison("background force of the log failed; commits acknowledged since the last " +
            "checkpoint may not be durable", ex);
        LOGGER.log(System.Logger.Level.ERROR, poisoned.getMessage(), ex);
    }

    private synchronized StorePoisonedException poison(final String what, final IOException cause)
    {
        final StorePoisonedException ex = ErrorMapper.poisoned(engine.dir(), what, cause);
        if (poison == null)
        {
            poison = ex;
        }
        return ex;
    }
}
