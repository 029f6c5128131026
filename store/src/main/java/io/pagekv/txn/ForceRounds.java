package io.pagekv.txn;

import io.pagekv.page.Segment;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Who forces the log and when a committing thread may return: group commit's rounds (decisions
 * 40 and 49). One force runs at a time. A thread that needs a force while one runs sleeps; the
 * end of a force wakes exactly the threads it covered, so nobody wakes up only to sleep again and
 * nobody queues for a monitor to learn that its force is done. If threads still wait for a later
 * force, the turn is freed for whichever thread gets there first (often one that has just
 * appended and is running), and one waiter is woken to take it in case nobody does. Measured and
 * rejected (decision 49): handing the turn to a sleeping successor, which leaves the disk idle
 * while that thread is scheduled, a successor that yields its core instead of sleeping, and a
 * leader that forces again for the waiters, which takes a committing thread out of the writer
 * lock's queue; each was slower on this 2-core machine.
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
    /** Woken to take the turn if no other thread took it. */
    private static final int NEXT = 2;
    private static final int FAILED = 3;

    /** A thread waiting for a force. */
    private static final class Waiter
    {
        final Thread thread = Thread.currentThread();
        final long txnId;
        /** The number of forces started when it began to wait: a later one covers it. */
        final long after;
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
    /** Whether a force runs. */
    private boolean forcing;
    /** Forces started so far; the running force is number {@code started}. */
    private long started;
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
     * @param txnId an appended transaction.
     * @return whether a force covered it.
     */
    boolean isDurable(final long txnId)
    {
        return durableTxn >= txnId;
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
        Waiter waiter = null;
        while (true)
        {
            final Batch batch;
            final long sequence;
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
                }
                else
                {
                    // A waiter woken to take a turn that another thread took waits again, as it was.
                    waiter = waiter == null ? new Waiter(txnId, started) : waiter;
                    waiter.state = WAITING;
                    sleeping.add(waiter);
                    batch = null;
                    sequence = 0;
                }
            }
            if (batch != null)
            {
                lead(batch, sequence);
                return true;
            }
            await(waiter);
            if (waiter.state == FAILED)
            {
                throw new ForceFailedException(failureNow());
            }
            if (waiter.state == COVERED)
            {
                return false;
            }
        }
    }

    private synchronized ForceFailedException failureNow()
    {
        return failure;
    }

    /** Under the monitor: a force starts now. */
    private Batch start()
    {
        started++;
        return log.take();
    }

    private static void await(final Waiter waiter)
    {
        boolean interrupted = false;
        while (waiter.state == WAITING)
        {
            LockSupport.park(waiter);
            interrupted |= Thread.interrupted();
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Forces with the turn, then frees it and wakes the threads the force covered, and one of
     * the others, if any, to take the next turn.
     *
     * @param batch    what to force.
     * @param sequence the force's number.
     */
    private void lead(final Batch batch, final long sequence) throws ForceFailedException
    {
        try
        {
            log.force(batch);
        }
        catch (final IOException ex)
        {
            throw failed(new ForceFailedException(ex));
        }
        final List<Waiter> covered = new ArrayList<>();
        final Waiter next;
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
            forcing = false;
            next = sleeping.poll();
        }
        if (next != null)
        {
            wake(List.of(next), NEXT);
        }
        wake(covered, COVERED);
    }

    /** Records a failed force and fails every thread waiting. */
    private ForceFailedException failed(final ForceFailedException failed)
    {
        final List<Waiter> waiting;
        synchronized (this)
        {
            failure = failed;
            forcing = false;
            waiting = new ArrayList<>(sleeping);
            sleeping.clear();
        }
        wake(waiting, FAILED);
        return failed;
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
