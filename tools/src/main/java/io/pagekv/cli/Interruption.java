package io.pagekv.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Ctrl-C and SIGTERM during long writing work: a shutdown hook asks the work to stop, waits for
 * it to reach a point between commits and report what it committed, then ends the process with
 * status {@link ExitCodes#INTERRUPTED}. If the work is stuck reading its input, the hook reports
 * for it after {@link #GRACE_MILLIS}, once no commit is under way.
 *
 * <pre>{@code
 * try (Interruption interruption = Interruption.watch(err, () -> report)) {
 *     while (...) { if (interruption.requested()) { interruption.stopped(); } synchronized (interruption) { commit } }
 * }
 * }</pre>
 *
 * <p>Thread-safe: the hook runs on its own thread; commits synchronize on this object.
 */
final class Interruption implements AutoCloseable
{
    private static final long GRACE_MILLIS = 2_000;

    private final PrintStream err;
    private final Supplier<String> report;
    private final CountDownLatch reported = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;

    private Interruption(final PrintStream err, final Supplier<String> report)
    {
        this.err = err;
        this.report = report;
        this.hook = new Thread(this::onSignal, "pagekv-interrupt");
    }

    /**
     * @param err    where the report goes.
     * @param report what was committed so far and how to resume; called between commits.
     * @return the watch, until closed.
     */
    static Interruption watch(final PrintStream err, final Supplier<String> report)
    {
        final Interruption interruption = new Interruption(err, report);
        Runtime.getRuntime().addShutdownHook(interruption.hook);
        return interruption;
    }

    /**
     * @return whether the process was asked to stop.
     */
    boolean requested()
    {
        return requested;
    }

    /**
     * Reports what was committed and lets the process end with status 130; call it between
     * commits, after {@link #requested()} said so or a failure followed the signal.
     */
    void stopped()
    {
        reportOnce();
        // The hook halts the process now; this thread has nothing left to do.
        while (true)
        {
            try
            {
                Thread.sleep(Long.MAX_VALUE);
            }
            catch (final InterruptedException ignored)
            {
                // Halting is up to the hook.
            }
        }
    }

    private void onSignal()
    {
        requested = true;
        try
        {
            reported.await(GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ignored)
        {
            // Report and halt all the same.
        }
        // Holding the monitor: no commit is under way, and none starts before the halt.
        synchronized (this)
        {
            reportOnce();
            Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
        }
    }

    private synchronized void reportOnce()
    {
        if (reported.getCount() > 0)
        {
            err.println("pagekv: " + report.get());
            err.flush();
            reported.countDown();
        }
    }

    /**
     * Stops watching: the work ended by itself.
     */
    @Override
    public void close()
    {
        if (!requested)
        {
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException shuttingDown)
            {
                // The hook runs already and reports.
            }
        }
    }
}
