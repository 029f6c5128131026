package io.pagekv.txn;

import io.pagekv.page.Segment;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Who forces the log and when a committing thread may return: group commit's rounds (decisions
 * 40 and 49). One force runs at a time. A thread that needs a force while one runs either rides
 * on the running force (its transaction was appended before that force took what it writes) or
 * on the next one; the first thread that needs the next one is its <em>successor</em>: it does
 * not sleep but yields its core until the running force ends, and the ending force hands it the
 * turn together with what it is to write, taken at that moment. Every other thread sleeps, and
 * the end of a force wakes exactly the threads it covered, the successor first: nobody wakes up
 * only to sleep again, and the next force starts without waiting for a thread to be scheduled.
 *
 * <p>A force covers a waiter if the waiter's transaction was appended before the force took
 * what it writes, or if the force started after the waiter began to wait (for a caller that
 * needs everything written so far forced, such as a segment roll). A failed force is remembered:
 * every thread waiting then and every later call fails, so no thread can return a transaction
 * the failed force may have dropped.
 *
 * <p>Thread-safe.
 */
final class ForceRounds
{
    /** How long a successor yields its core before it sleeps like the others. */
    private static final long SUCCESSOR_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    /** What the rounds force: the log. */
    interface Log
    {
        /**
         * Takes what a force that starts now must write. Called under the rounds' monitor.
         *
         * @return the batch; what it holds is no longer counted as unforced.
         */
        Batch take();

        /**
         * Forces a batch. Called by one thread at a time, without the rounds' monitor.
         *
         * @param batch what {@link #take} returned.
         * @throws IOException if the force fails.
         */
        void force(Batch batch) throws IOException;
    }

    /**
     * What one force writes.
     *
     * @param segments the segments written since the last force.
     * @param covers   the last transaction appended when the batch was taken.
     */
    record Batch(Segment[] segments, long covers)
    {
    }

    private static final int WAITING = 0;
    private static final int COVERED = 1;
    private static final int LEAD = 2;
    private static final int FAILED = 3;

    /** A thread waiting for a force. */
    private static final class Waiter
    {
        final Thread thread = Thread.currentThread();
        final long txnId;
        /** The number of forces started when it began to wait: a later one covers it. */
        final long after;
        /** Set before {@link #state} turns {@code LEAD}. */
        Batch batch;
        long sequence;
        volatile int state = WAITING;

        Waiter(final long txnId, final long after)
        {
            this.txnId = txnId;
            this.after = after;
        }
    }

    private final Log log;
    /** Every txn up to this one is forced; written under the monitor. */
    private volatile long durableTxn;
    /** Whether a force runs (or is being handed to the successor). */
    private boolean forcing;
    /** Forces started so far; the running force is number {@code started}. */
    private long started;
    /** The last txn the running force covers. */
    private long runningCovers;
    /** The thread that forces next, yielding meanwhile; null if none needs a force yet. */
    private Waiter successor;
    /** Sleeping threads, in the order they began to wait. */
    private final ArrayDeque<Waiter> sleeping = new ArrayDeque<>();
    /** The first failed force: every later one fails with it. */
    private ForceFailedException failure;

    /**
     * @param log        what to force.
     * @param durableTxn the last txn known durable.
     */
    ForceRounds(final Log log, final long durableTxn)
    {
        this.log = log;
        this.durableTxn = durableTxn;
    }

    /**
     * Returns once {@code txnId} is durable: at once if a force covered it, else after the force
     * that covers it, which this thread runs if it is the first to need it. Waiting is not
     * interruptible: the interrupt is kept for the caller.
     *
     * @param txnId an appended transaction; {@code Long.MAX_VALUE} waits for a force that starts
     *              after this call, which forces whatever was written before it.
     * @return whether this thread forced.
     * @throws ForceFailedException if the force that would have covered it, or an earlier one, failed.
     */
    boolean awaitDurable(final long txnId) throws ForceFailedException
    {
        if (durableTxn >= txnId)
        {
            return false;
        }
        final Waiter waiter;
        Batch batch = null;
        long sequence = 0;
        boolean isSuccessor = false;
        synchronized (this)
        {
            if (failure != null)
            {
                throw new ForceFailedException(failure);
            }
            if (durableTxn >= txnId)
            {
                return false;
            }
            if (!forcing)
            {
                forcing = true;
                batch = start();
                sequence = started;
                waiter = null;
            }
            else
            {
                waiter = new Waiter(txnId, started);
                if (successor == null && txnId > runningCovers)
                {
                    successor = waiter;
                    isSuccessor = true;
                }
                else
                {
                    sleeping.add(waiter);
                }
            }
        }
        if (waiter != null)
        {
            await(waiter, isSuccessor);
            if (waiter.state == FAILED)
            {
                throw new ForceFailedException(failureNow());
            }
            if (waiter.state == COVERED)
            {
                return false;
            }
            batch = waiter.batch;
            sequence = waiter.sequence;
        }
        force(batch, sequence);
        return true;
    }

    /** @return the last txn forced. */
    long durableTxn()
    {
        return durableTxn;
    }

    private synchronized ForceFailedException failureNow()
    {
        return failure;
    }

    /** Under the monitor: a force starts now. */
    private Batch start()
    {
        final Batch batch = log.take();
        started++;
        runningCovers = batch.covers();
        return batch;
    }

    private static void await(final Waiter waiter, final boolean isSuccessor)
    {
        boolean interrupted = false;
        final long spinUntil = isSuccessor ? System.nanoTime() + SUCCESSOR_SPIN_NANOS : 0;
        while (waiter.state == WAITING)
        {
            if (isSuccessor && System.nanoTime() < spinUntil)
            {
                Thread.yield();
            }
            else
            {
                LockSupport.park(waiter);
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs one force with the turn, then ends the round: wakes the threads it covered and hands the turn on. */
    private void force(final Batch batch, final long sequence) throws ForceFailedException
    {
        try
        {
            log.force(batch);
        }
        catch (final IOException ex)
        {
            final ForceFailedException failed = ex instanceof ForceFailedException forceFailed ? forceFailed : new ForceFailedException(ex);
            final List<Waiter> waiting;
            synchronized (this)
            {
                failure = failed;
                forcing = false;
                waiting = new ArrayList<>(sleeping);
                sleeping.clear();
                if (successor != null)
                {
                    waiting.add(successor);
                    successor = null;
                }
            }
            wake(waiting, FAILED);
            throw failed;
        }
        final Waiter next;
        final List<Waiter> covered = new ArrayList<>();
        synchronized (this)
        {
            if (batch.covers() > durableTxn)
            {
                durableTxn = batch.covers();
            }
            final Iterator<Waiter> waiting = sleeping.iterator();
            while (waiting.hasNext())
            {
                final Waiter waiter = waiting.next();
                if (waiter.txnId <= durableTxn || waiter.after < sequence)
                {
                    waiting.remove();
                    covered.add(waiter);
                }
            }
            next = successor;
            successor = null;
            if (next == null)
            {
                forcing = false;
            }
            else
            {
                next.batch = start();
                next.sequence = started;
            }
        }
        if (next != null)
        {
            next.state = LEAD;
            LockSupport.unpark(next.thread);
        }
        wake(covered, COVERED);
    }

    private static void wake(final List<Waiter> waiters, final int state)
    {
        for (final Waiter waiter : waiters)
        {
            waiter.state = state;
            LockSupport.unpark(waiter.thread);
        }
    }
}
