package io.pagekv;

import io.pagekv.audit.AuditContext;
import io.pagekv.txn.CommitState;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Combines the {@link WriteBatch}es that threads write at the same time into shared commits
 * (decision 66). A writing thread queues its batch; the first to find no leader leads: it takes
 * the batches queued so far (up to a bound; first it waits a few microseconds, yielding, for
 * writers that are about to queue, see {@link #gather()}), commits them under the writer lock
 * ({@link WriteGate#commitBatches}), waits for the force that makes them durable, frees the lead
 * and wakes the threads of its group. The others sleep meanwhile: those still queued make the
 * next group, taken by the next leader as soon as this force ends. A batch is applied whole, by
 * one leader, in one commit; a thread returns only after its batch's commit is durable (with
 * {@code Durability.SYNC}) and published.
 *
 * <p>Thread-safe.
 */
final class BatchCombiner
{
    /** Batches one commit takes at most. */
    static final int MAX_GROUP_WRITES = 512;
    /** Value bytes one commit takes at most, unless its first batch alone is larger. */
    static final long MAX_GROUP_VALUE_BYTES = 16L << 20;
    /** How long a new leader waits at most for the writers that are not queued yet. */
    static final long GATHER_NANOS = 30_000;

    private final ConcurrentLinkedQueue<PendingWrite> queued = new ConcurrentLinkedQueue<>();
    /** The size of {@link #queued}. */
    private final AtomicInteger queuedWrites = new AtomicInteger();
    /** Threads inside {@link #write}: queued, led, or waiting for their group to complete. */
    private final AtomicInteger writers = new AtomicInteger();
    private final AtomicBoolean leading = new AtomicBoolean();
    private final WriteGate gate;

    BatchCombiner(final WriteGate gate)
    {
        this.gate = gate;
    }

    /**
     * Writes a batch, in a commit shared with the batches of other threads or of its own, and
     * returns once that commit is complete (forced, with {@code Durability.SYNC}). Not
     * interruptible: an interrupt is kept for the caller.
     *
     * @param store   the store.
     * @param changes the batch's changes.
     * @return the txn that holds them.
     */
    long write(final Store store, final WriteBatch.Changes changes)
    {
        final PendingWrite write = new PendingWrite(changes, Thread.currentThread(), AuditContext.current());
        // Not interruptible, and the interrupt is kept for the caller: a leader writes other
        // threads' batches too, and an interrupt would close the log's channel under its writes.
        boolean interrupted = Thread.interrupted();
        writers.incrementAndGet();
        queuedWrites.incrementAndGet();
        queued.add(write);
        try
        {
            while (!write.isDone())
            {
                if (!write.taken && leading.compareAndSet(false, true))
                {
                    lead(store);
                }
                else
                {
                    LockSupport.park(this);
                    interrupted |= Thread.interrupted();
                }
            }
        }
        finally
        {
            writers.decrementAndGet();
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
        return write.outcome();
    }

    /**
     * Holding the lead: commits a group and waits for its force, so that the threads that queue
     * meanwhile make the next group; then frees the lead and completes the group.
     */
    private void lead(final Store store)
    {
        final List<PendingWrite> group = new ArrayList<>();
        CommitState last = null;
        RuntimeException failure = null;
        Error error = null;
        try
        {
            takeGroup(group);
            last = group.isEmpty() ? null : gate.commitBatches(store, group);
            if (last != null)
            {
                gate.awaitDurable(last);
            }
        }
        catch (final RuntimeException ex)
        {
            // The store is closed or poisoned, or the force failed: no batch of the group is known durable.
            failure = ex;
        }
        catch (final Error ex)
        {
            // Every thread of the group learns of it, or they would wait for ever; the leader rethrows it below.
            failure = new StoreException("the batches of a group led by " + Thread.currentThread().getName() +
                " were not written: " + ex, ex);
            error = ex;
        }
        finally
        {
            leading.set(false);
            // A thread that queued while this one led sleeps: one of them takes the lead.
            final PendingWrite next = queued.peek();
            if (next != null)
            {
                LockSupport.unpark(next.thread);
            }
        }
        for (final PendingWrite write : group)
        {
            write.complete(failure);
        }
        if (error != null)
        {
            throw error;
        }
        if (failure == null && last != null)
        {
            gate.afterCommit(store);
        }
    }

    /**
     * @return the batches waiting for a leader to take them, for tests.
     */
    int queuedWrites()
    {
        return queuedWrites.get();
    }

    private void takeGroup(final List<PendingWrite> group)
    {
        gather();
        long valueBytes = 0;
        PendingWrite next;
        while (group.size() < MAX_GROUP_WRITES && (next = queued.peek()) != null &&
            (group.isEmpty() || valueBytes + next.changes.valueBytes() <= MAX_GROUP_VALUE_BYTES))
        {
            // Only the leader takes from the queue: what it peeked is what it polls.
            queued.poll();
            queuedWrites.decrementAndGet();
            next.taken = true;
            group.add(next);
            valueBytes += next.changes.valueBytes();
        }
    }

    /**
     * Waits, yielding the core, until every thread inside {@link #write} has queued its batch, or
     * for {@link #GATHER_NANOS} at most. The threads of the group before have just been woken:
     * they return and, if they write again, queue for this group instead of the next. One writer
     * never waits; on 2 cores with 8 writers groups grow from about 4 batches to 7 (decision 66).
     */
    private void gather()
    {
        if (queuedWrites.get() >= writers.get())
        {
            return;
        }
        final long until = System.nanoTime() + GATHER_NANOS;
        while (queuedWrites.get() < writers.get() && System.nanoTime() - until < 0)
        {
            Thread.yield();
        }
    }

    /**
     * One thread's batch on its way into a commit. The leader sets its txn or its failure under
     * the writer lock, and completes it after the force; its thread reads the outcome after it
     * sees {@link #isDone()}.
     */
    static final class PendingWrite
    {
        final WriteBatch.Changes changes;
        final Thread thread;
        final AuditContext context;
        /** Set by the leader that takes it into a group: from then on its thread only waits. */
        private volatile boolean taken;
        private long txnId = -1;
        private RuntimeException failure;
        private volatile boolean done;

        PendingWrite(final WriteBatch.Changes changes, final Thread thread, final AuditContext context)
        {
            this.changes = changes;
            this.thread = thread;
            this.context = context;
        }

        void committed(final long txnId)
        {
            this.txnId = txnId;
        }

        void fail(final RuntimeException failure)
        {
            if (this.failure == null)
            {
                this.failure = failure;
            }
        }

        private void complete(final RuntimeException forceFailure)
        {
            if (forceFailure != null)
            {
                fail(forceFailure);
            }
            done = true;
            LockSupport.unpark(thread);
        }

        private boolean isDone()
        {
            return done;
        }

        private long outcome()
        {
            if (failure != null)
            {
                throw failure;
            }
            return txnId;
        }
    }
}
