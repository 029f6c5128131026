package io.pagekv;

import io.pagekv.io.ErrorMapper;
import io.pagekv.txn.CommitState;
import io.pagekv.txn.Engine;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Where a store publishes its newest commit to readers. The writer publishes a commit once it is
 * durable as its durability promises; a read-only store picks up another process's commits
 * here, one refreshing reader at a time (the others read the head as it was: never blocked).
 *
 * <p>Thread-safe.
 */
final class PublishedHead
{
    private final Engine engine;
    private final ReentrantLock refreshLock = new ReentrantLock();
    /**
     * A head and the lock file's log generation that it accounts for: a read-only store that
     * finds the generation moved past it must refresh before it trusts the head's segments.
     */
    record View(CommitState head, long generation)
    {
    }

    private volatile View view;
    /** When a read-only store last picked up new commits, {@link System#nanoTime}. */
    private volatile long refreshedAt;

    PublishedHead(final Engine engine)
    {
        this.engine = engine;
        this.view = new View(engine.head(), engine.followedGeneration());
    }

    /**
     * @return the newest commit; for a read-only store, after picking up new ones if no other
     * reader is doing that now.
     */
    CommitState current()
    {
        return currentView().head();
    }

    /**
     * @return the newest commit with the generation it accounts for; for a read-only store,
     * after picking up new commits if no other reader is doing that now.
     */
    View currentView()
    {
        if (!engine.isWritable() && refreshLock.tryLock())
        {
            refreshHoldingLock();
        }
        return view;
    }

    /**
     * For a read-only store: picks up new commits, waiting for a reader that is doing so.
     *
     * @return the newest commit with the generation it accounts for.
     */
    View refreshed()
    {
        refreshLock.lock();
        refreshHoldingLock();
        return view;
    }

    private void refreshHoldingLock()
    {
        try
        {
            final CommitState head = engine.refresh();
            view = new View(head, engine.followedGeneration());
            refreshedAt = System.nanoTime();
            MappedFault.deliverPending();
        }
        catch (final InternalError ex)
        {
            throw ErrorMapper.mappedFault(engine.dir(), ex);
        }
        finally
        {
            refreshLock.unlock();
        }
    }

    /**
     * @param maxAgeNanos how old the head of a read-only store may be.
     * @return the newest commit, picked up again only if the last pick-up is older than
     * {@code maxAgeNanos}: for counters, which a process may run a million times a second.
     */
    CommitState recent(final long maxAgeNanos)
    {
        return engine.isWritable() || System.nanoTime() - refreshedAt < maxAgeNanos ? view.head() : current();
    }

    /**
     * Publishes a commit of the writer unless a newer one is published already: forced commits
     * of several threads reach here in any order once one force covered them all.
     *
     * @param next a new commit of the writer, durable as promised.
     */
    synchronized void publish(final CommitState next)
    {
        final View published = view;
        if (next.txnId() >= published.head().txnId())
        {
            view = new View(next, published.generation());
        }
    }
}
