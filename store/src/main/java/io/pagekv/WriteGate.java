package io.pagekv;

import io.pagekv.audit.Audit;
import io.pagekv.audit.AuditContext;
import io.pagekv.audit.AuditKind;
import io.pagekv.btree.WriteTree;
import io.pagekv.txn.CommitState;
import io.pagekv.txn.Committer;
import io.pagekv.txn.Engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write path of a store: one write transaction at a time (the writer lock, fair to threads,
 * refusing a second transaction on a thread that holds one), its commit published to readers,
 * and after it the compaction step the policy may ask for.
 *
 * <p>A forced commit ({@code Durability.SYNC}) is appended under the writer lock and forced
 * after it (group commit, decision 40): the next transaction, of any thread, starts on the
 * appended head while the force runs, and readers see a commit only once it is durable.
 *
 * <p>Thread-safe.
 */
final class WriteGate
{
    private final ReentrantLock lock = new ReentrantLock();
    private final Engine engine;
    private final Committer committer;
    private final AutoCompaction compaction;
    private final PublishedHead head;

    WriteGate(final Engine engine, final Committer committer, final AutoCompaction compaction, final PublishedHead head)
    {
        this.engine = engine;
        this.committer = committer;
        this.compaction = compaction;
        this.head = head;
    }

    /**
     * Waits for the writer lock and starts a transaction on the head.
     *
     * @param store the store.
     * @return the transaction.
     * @throws IllegalStateException if this thread already has a write transaction open.
     */
    WriteTxn begin(final Store store)
    {
        checkNoOpenTransaction();
        lock.lock();
        try
        {
            store.checkUsable();
            // The newest appended commit, which may still wait for its force: never the published
            // head, or this transaction would be built on an older one.
            final CommitState base = engine.head();
            return new WriteTxn(store, treeOn(store, base), base.txnId() + 1);
        }
        catch (final RuntimeException ex)
        {
            lock.unlock();
            throw ex;
        }
    }

    /** A transaction's tree, begun on {@code base}: under the writer lock, on the newest appended commit. */
    private static WriteTree treeOn(final Store store, final CommitState base)
    {
        return new WriteTree(store.values(), base.root(), base.depth(), base.entryCount());
    }

    /**
     * @throws IllegalStateException if this thread has a write transaction open.
     */
    void checkNoOpenTransaction()
    {
        if (lock.isHeldByCurrentThread())
        {
            // The lock is reentrant: a nested write would commit on the head and the outer
            // transaction would then commit its older tree over it, losing the inner write.
            throw new IllegalStateException("this thread already has an open write transaction on " + engine.dir() +
                "; a write (beginWrite, put, delete, write) inside it would be lost: use that transaction, or end it first");
        }
    }

    /**
     * Commits the batches of a group ({@link BatchCombiner}) under the writer lock. With no audit
     * hook attached all of them go into one commit; with one, each batch is a transaction of its
     * own, its changes passed to the hooks in its thread's audit context, so that a veto or an
     * event names one batch. A batch that fails to apply fails alone: the others are applied again
     * without it. Sets each batch's txn or failure.
     *
     * @param store the store.
     * @param group the batches, in the order to apply them.
     * @return the last commit appended, null if none was.
     * @throws StoreException if the store is closed or poisoned; no batch was committed.
     */
    CommitState commitBatches(final Store store, final List<BatchCombiner.PendingWrite> group)
    {
        lock.lock();
        try
        {
            store.checkUsable();
            return store.audit().isActive() ? commitAudited(store, group) : commitTogether(store, group);
        }
        finally
        {
            lock.unlock();
        }
    }

    private CommitState commitTogether(final Store store, final List<BatchCombiner.PendingWrite> group)
    {
        final List<BatchCombiner.PendingWrite> applying = new ArrayList<>(group);
        while (!applying.isEmpty())
        {
            final CommitState base = engine.head();
            final WriteTree tree = treeOn(store, base);
            final BatchCombiner.PendingWrite failed = applyUntilFailure(store, tree, applying);
            if (failed != null)
            {
                applying.remove(failed);
                continue;
            }
            final CommitState next;
            try
            {
                next = commit(store, tree, base.txnId() + 1);
            }
            catch (final RuntimeException ex)
            {
                applying.forEach(write -> write.fail(ex));
                return null;
            }
            applying.forEach(write -> write.committed(next.txnId()));
            return next;
        }
        return null;
    }

    /** @return the batch that failed, with its failure set, or null if all were applied. */
    private static BatchCombiner.PendingWrite applyUntilFailure(
        final Store store, final WriteTree tree, final List<BatchCombiner.PendingWrite> applying)
    {
        for (final BatchCombiner.PendingWrite write : applying)
        {
            try
            {
                apply(store, tree, write.changes, -1);
            }
            catch (final RuntimeException ex)
            {
                write.fail(ex);
                return write;
            }
        }
        return null;
    }

    private CommitState commitAudited(final Store store, final List<BatchCombiner.PendingWrite> group)
    {
        final Audit audit = store.audit();
        CommitState last = null;
        for (final BatchCombiner.PendingWrite write : group)
        {
            final CommitState base = engine.head();
            final WriteTree tree = treeOn(store, base);
            final long txnId = base.txnId() + 1;
            boolean committed = false;
            try (AuditContext.Scope ignored = write.context.open())
            {
                try
                {
                    final int puts = apply(store, tree, write.changes, txnId);
                    if (tree.isDirty())
                    {
                        audit.beforeCommit(txnId, puts, write.changes.size() - puts, tree.pagesToWrite());
                    }
                    last = commit(store, tree, txnId);
                    committed = true;
                    write.committed(last.txnId());
                }
                finally
                {
                    audit.ended(txnId, committed);
                }
            }
            catch (final RuntimeException ex)
            {
                write.fail(ex);
            }
        }
        return last;
    }

    /**
     * Applies a batch's changes to a tree: in key order ({@link KeyOrder}), or, when
     * {@code auditTxnId} is a txn (not -1), as they were added, each passed to the audit hooks first.
     *
     * @return the puts among the changes.
     */
    private static int apply(final Store store, final WriteTree tree, final WriteBatch.Changes changes, final long auditTxnId)
    {
        final CompressionPolicy compression = store.options().compression();
        // The audit hook sees the changes as they were added; otherwise they go in key order.
        final int[] order = auditTxnId == -1 ? KeyOrder.of(changes.keys()) : null;
        int puts = 0;
        for (int change = 0; change < changes.size(); change++)
        {
            final int i = order == null ? change : order[change];
            final byte[] key = changes.keys()[i];
            final byte[] value = changes.values()[i];
            if (auditTxnId != -1)
            {
                store.audit().before(value == null ? AuditKind.DELETE : AuditKind.PUT, auditTxnId, key, value,
                    value == null ? -1 : value.length, null);
            }
            if (value == null)
            {
                tree.delete(key);
            }
            else
            {
                WriteTxn.putOwned(tree, key, value, compression);
                puts++;
            }
        }
        return puts;
    }

    /**
     * Commits a transaction's tree; an unforced commit is published at once, a forced one by
     * {@link #awaitDurable}. Under the writer lock.
     *
     * @param store the store.
     * @param tree  the tree.
     * @param txnId the transaction's id.
     * @return the commit (the head it was begun on if it changed nothing).
     */
    CommitState commit(final Store store, final WriteTree tree, final long txnId)
    {
        store.checkUsable();
        final CommitState next = committer.commit(tree, txnId);
        if (!committer.forcesEachCommit())
        {
            head.publish(next);
        }
        return next;
    }

    /**
     * After a commit, outside the writer lock: for a forced commit, waits until a force covers it
     * (sharing forces with the threads that committed meanwhile), then publishes it.
     *
     * @param committed the commit {@link #commit} returned.
     */
    void awaitDurable(final CommitState committed)
    {
        if (committer.forcesEachCommit())
        {
            committer.awaitDurable(committed);
            head.publish(committed);
        }
    }

    /**
     * Releases the writer lock at the end of a transaction.
     */
    void end()
    {
        lock.unlock();
    }

    /**
     * After a commit, outside the writer lock: a compaction step if the policy asks for one.
     *
     * @param store the store.
     */
    void afterCommit(final Store store)
    {
        if (compaction != null && !store.isClosed())
        {
            compaction.afterCommit();
        }
    }

    /**
     * Runs {@code action} holding the writer lock: once the open transaction, if any, has ended.
     *
     * @param action what to do, for example closing.
     */
    void exclusively(final Runnable action)
    {
        lock.lock();
        try
        {
            action.run();
        }
        finally
        {
            lock.unlock();
        }
    }
}
