package io.pagekv;

import io.pagekv.btree.WriteTree;
import io.pagekv.txn.CommitState;
import io.pagekv.txn.Committer;
import io.pagekv.txn.Engine;

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
        if (lock.isHeldByCurrentThread())
        {
            // The lock is reentrant: a nested write would commit on the head and the outer
            // transaction would then commit its older tree over it, losing the inner write.
            throw new IllegalStateException("this thread already has an open write transaction on " + engine.dir() +
                "; a write (beginWrite, put, delete) inside it would be lost: use that transaction, or end it first");
        }
        lock.lock();
        try
        {
            store.checkUsable();
            // The newest appended commit, which may still wait for its force: never the published
            // head, or this transaction would be built on an older one.
            final CommitState base = engine.head();
            return new WriteTxn(store, new WriteTree(store.values(), base.root(), base.depth(), base.entryCount()), base.txnId() + 1);
        }
        catch (final RuntimeException ex)
        {
            lock.unlock();
            throw ex;
        }
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
