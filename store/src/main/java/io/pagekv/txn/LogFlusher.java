package io.pagekv.txn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Forces the log in the background while unforced commits ({@code Durability.ASYNC}) go on, so
 * that the forces a writer must make itself (at a checkpoint, at a segment roll, at close) find
 * little left to write (decision 53). Without it the writer waits at each roll for the device to
 * take a whole segment.
 *
 * <p>The writer calls {@link #appended} after each commit; once {@code aheadBytes} of log were
 * appended since the last request, a daemon thread (started then, not at open) forces everything
 * appended so far through {@link CommitLog#forceUpTo}, taking the same force turn as every other
 * force, so it never overlaps a roll's force or a segment's close; then it forces the roll's
 * checkpoint if its slot was written without a force ({@link Checkpointer#forceDeferredSlot}).
 * A background force changes no guarantee: what a checkpoint promises is still forced by the
 * checkpoint itself, and a deferred slot only names a commit forced before it. A failed
 * background force is reported to {@code onFailure} (the committer poisons the store), as any
 * failed force is, and the thread ends.
 *
 * <p>{@link #appended} and {@link #stop} are called under the store's write lock.
 */
final class LogFlusher implements Runnable
{
    private final CommitLog log;
    private final Checkpointer checkpointer;
    private final long aheadBytes;
    private final Consumer<ForceFailedException> onFailure;
    private final String threadName;
    /** Log bytes written at the last request; writer only. */
    private long requestedAtBytes;
    /** Writer only: started at the first request. */
    private Thread thread;
    /** Guards {@link #wantedTxn} and {@link #stopping}; the thread waits on it. */
    private final Object requests = new Object();
    /** The newest txn the writer asked to force. */
    private long wantedTxn;
    private boolean stopping;

    /**
     * @param log          the log to force.
     * @param checkpointer whose roll checkpoint, written without a force, is forced after the log.
     * @param aheadBytes log growth between background forces.
     * @param onFailure  told of a failed force; called on the flusher's thread.
     * @param dir        the store's directory, to name the thread.
     */
    LogFlusher(
        final CommitLog log, final Checkpointer checkpointer, final long aheadBytes, final Consumer<ForceFailedException> onFailure,
        final Path dir)
    {
        this.log = log;
        this.checkpointer = checkpointer;
        this.aheadBytes = aheadBytes;
        this.onFailure = onFailure;
        this.threadName = "pagekv-log-flusher " + dir;
    }

    /**
     * Asks for a background force of everything up to {@code txnId} once the log grew by
     * {@code aheadBytes} since the last request. Never waits for a force.
     *
     * @param txnId        the commit just appended.
     * @param bytesWritten the log's {@link CommitLog#bytesWritten} after it.
     */
    void appended(final long txnId, final long bytesWritten)
    {
        if (bytesWritten - requestedAtBytes < aheadBytes)
        {
            return;
        }
        requestedAtBytes = bytesWritten;
        synchronized (requests)
        {
            if (stopping)
            {
                return;
            }
            wantedTxn = txnId;
            requests.notifyAll();
        }
        if (thread == null)
        {
            thread = new Thread(this, threadName);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Ends the background forces: waits for a running one, so that no force of this thread
     * outlives the store's files. Idempotent.
     */
    void stop()
    {
        synchronized (requests)
        {
            stopping = true;
            requests.notifyAll();
        }
        if (thread == null)
        {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run()
    {
        long forcedTxn = 0;
        while (true)
        {
            final long txnId;
            synchronized (requests)
            {
                while (!stopping && wantedTxn <= forcedTxn)
                {
                    try
                    {
                        requests.wait();
                    }
                    catch (final InterruptedException ex)
                    {
                        // Nobody else interrupts this thread; stop() ends it through the flag.
                    }
                }
                if (stopping)
                {
                    return;
                }
                txnId = wantedTxn;
            }
            try
            {
                log.forceUpTo(txnId);
                checkpointer.forceDeferredSlot();
            }
            catch (final ForceFailedException ex)
            {
                onFailure.accept(ex);
                return;
            }
            catch (final IOException ex)
            {
                onFailure.accept(new ForceFailedException(ex));
                return;
            }
            forcedTxn = txnId;
        }
    }
}
