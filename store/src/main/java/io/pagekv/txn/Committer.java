package io.pagekv.txn;

import io.pagekv.StoreIOException;
import io.pagekv.StorePoisonedException;
import io.pagekv.btree.WriteTree;
import io.pagekv.io.ErrorMapper;
import io.pagekv.ipc.ReaderTable;
import io.pagekv.ipc.StoreCounters;
import io.pagekv.page.Segment;

import java.io.IOException;

/**
 * The commit policy below the public API: appends a transaction, forces it when commits are
 * durable one by one, checkpoints at the configured interval, and poisons the store when a force
 * fails (after a failed fsync nothing may be built on the log: the kernel may have dropped the
 * pages it could not write). Every write that changes the store passes {@link #commit}: the one
 * place where a hook that watches writes will sit.
 *
 * <p>Writer thread only (the store's write lock), except {@link #throwIfPoisoned} and
 * {@link #isPoisoned}, which any thread may call.
 */
public final class Committer
{
    private final Engine engine;
    private final boolean forceEachCommit;
    private final long checkpointBytes;
    private final LiveAccounting accounting;
    private final StoreCounters counters;
    private volatile StorePoisonedException poison;

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
    }

    /**
     * Commits a transaction's tree, unless it changed nothing.
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
        accounting.committed(tree, previous, next);
        counters.committed(next.txnId(), next.time(), next.bodyPages() + 1, engine.pages().pageSize());
        if (forceEachCommit)
        {
            try
            {
                engine.log().force();
                counters.forced();
            }
            catch (final IOException ex)
            {
                throw poison("force of txn " + txnId + " failed; it may or may not be durable", ex);
            }
        }
        final SuperblockSlot checkpointed = engine.lastCheckpoint();
        try
        {
            engine.checkpointer().maybeCheckpoint(next, checkpointBytes);
        }
        catch (final IOException ex)
        {
            poison("checkpoint after txn " + txnId + " failed", ex);
        }
        if (engine.lastCheckpoint() != checkpointed)
        {
            counters.forced();
        }
        if (counters.sampleDue(next.time()))
        {
            sampleGauges(next.time());
        }
        if (engine.retirementsPending() > 0)
        {
            retireReady();
        }
        return next;
    }

    /**
     * Retires the log below {@code firstSegment} (compaction's last step): both superblock slots
     * name the head and the new first segment, then the segments below wait for their readers.
     * Under the store's write lock.
     *
     * @param firstSegment the lowest segment the log keeps.
     * @return segments scheduled for retirement.
     * @throws StorePoisonedException if the superblock cannot be written.
     */
    public int retireBelow(final int firstSegment)
    {
        throwIfPoisoned();
        try
        {
            final int scheduled = engine.retireBelow(Math.min(firstSegment, engine.head().segment()));
            accounting.retiredBelow(engine.firstSegment());
            engine.retireReady();
            counters.compacted();
            return scheduled;
        }
        catch (final IOException ex)
        {
            throw poison("retiring the log below segment " + firstSegment + " failed", ex);
        }
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
     * @return live pages per segment, counted at every commit once initialized.
     */
    public LiveAccounting accounting()
    {
        return accounting;
    }

    /**
     * The checkpoint at close, unless the store is poisoned.
     *
     * @throws StoreIOException if it fails.
     */
    public void checkpointAtClose()
    {
        if (poison != null)
        {
            return;
        }
        try
        {
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

    private StorePoisonedException poison(final String what, final IOException cause)
    {
        final StorePoisonedException ex = ErrorMapper.poisoned(engine.dir(), what, cause);
        if (poison == null)
        {
            poison = ex;
        }
        return ex;
    }
}
