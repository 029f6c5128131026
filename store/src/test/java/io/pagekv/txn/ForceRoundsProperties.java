package io.pagekv.txn;

import io.pagekv.page.Segment;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ForceRounds} against a model log with real threads: threads append (a counter), then
 * wait for durability; a roll-like caller waits for a force of everything written before it.
 * Whatever the interleaving, a thread returns only when a force that completed covered its
 * transaction, forces never overlap, every thread ends (nobody is left asleep), and after a
 * failed force no thread returns a transaction that only the failed force could have covered.
 */
class ForceRoundsProperties
{
    @Property(tries = 40)
    void aReturnMeansAForceThatEndedCoveredIt(
        @ForAll @IntRange(min = 1, max = 8) final int threads,
        @ForAll @IntRange(min = 1, max = 60) final int commitsPerThread,
        @ForAll @IntRange(min = 0, max = 120) final int failAtForce,
        @ForAll @IntRange(min = 0, max = 3) final int forceMicros) throws Exception
    {
        // failAtForce 0: no force fails.
        final ModelLog log = new ModelLog(failAtForce, forceMicros);
        final ForceRounds rounds = new ForceRounds(log, 0);
        final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        final AtomicInteger failedCalls = new AtomicInteger();
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads + 1; t++)
        {
            final boolean roller = t == threads;
            final Thread worker = new Thread(() ->
            {
                awaitQuietly(start);
                for (int i = 0; i < commitsPerThread; i++)
                {
                    final long txn = roller ? log.appended() : log.append();
                    try
                    {
                        rounds.awaitDurable(roller ? Long.MAX_VALUE : txn);
                        final long forced = log.forcedUpTo();
                        if (forced < txn)
                        {
                            violations.add((roller ? "a force of everything up to " : "txn ") + txn + " returned with only " +
                                forced + " forced");
                        }
                    }
                    catch (final ForceFailedException ex)
                    {
                        failedCalls.incrementAndGet();
                        if (log.failedAt() == 0)
                        {
                            violations.add("a call failed but no force did: " + ex);
                        }
                        return;
                    }
                }
            });
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (final Thread worker : workers)
        {
            worker.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(!worker.isAlive(), "a thread never returned (left asleep): " + worker.getState());
        }
        assertTrue(violations.isEmpty(), violations.toString());
        assertEquals(0, log.overlaps.get(), "forces that ran at the same time");
        if (log.failedAt() > 0)
        {
            assertTrue(failedCalls.get() > 0, "a force failed and every thread carried on");
            // Later calls fail too, unless a force that succeeded covered them.
            final long next = log.append();
            final boolean refused = refuses(rounds, next);
            assertTrue(refused, "a call after a failed force returned");
        }
        else
        {
            assertEquals(log.appended(), log.forcedUpTo(), "appended transactions left unforced");
        }
    }

    private static boolean refuses(final ForceRounds rounds, final long txn)
    {
        try
        {
            rounds.awaitDurable(txn);
            return false;
        }
        catch (final ForceFailedException ex)
        {
            return true;
        }
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** A log of counted appends; a force makes durable what was appended when it was taken. */
    private static final class ModelLog implements ForceRounds.Log
    {
        private final int failAtForce;
        private final int forceMicros;
        final AtomicInteger overlaps = new AtomicInteger();
        private final AtomicInteger running = new AtomicInteger();
        private long appended;
        private int forces;
        private volatile int failedAt;
        private volatile long forcedUpTo;

        ModelLog(final int failAtForce, final int forceMicros)
        {
            this.failAtForce = failAtForce;
            this.forceMicros = forceMicros;
        }

        synchronized long append()
        {
            return ++appended;
        }

        synchronized long appended()
        {
            return appended;
        }

        long forcedUpTo()
        {
            return forcedUpTo;
        }

        int failedAt()
        {
            return failedAt;
        }

        @Override
        public synchronized ForceRounds.Batch take()
        {
            return new ForceRounds.Batch(new Segment[0], appended);
        }

        @Override
        public void force(final ForceRounds.Batch batch) throws IOException
        {
            if (running.incrementAndGet() != 1)
            {
                overlaps.incrementAndGet();
            }
            try
            {
                if (forceMicros > 0)
                {
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(forceMicros * 50L));
                }
                final int number;
                synchronized (this)
                {
                    number = ++forces;
                }
                if (number == failAtForce)
                {
                    failedAt = number;
                    throw new IOException("injected failure of force " + number);
                }
                if (batch.covers() > forcedUpTo)
                {
                    forcedUpTo = batch.covers();
                }
            }
            finally
            {
                running.decrementAndGet();
            }
        }
    }
}
