package io.pagekv.page;

import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The log's next segment file, made ahead by a daemon thread for a store whose commits are
 * forced (decision 67 of {@code docs/architecture.md}): the thread writes zeros over the whole
 * file and forces it, so that once the log rolls to it every block of it is allocated and
 * written, and each commit's force writes that commit's pages and nothing else: no zeros
 * written ahead of the tail in series with a commit (decision 4), no block allocated under a
 * force.
 *
 * <p>The file is {@code seg-next} ({@link io.pagekv.format.StoreFileNames#NEXT_SEGMENT}): no
 * listing takes it for a segment, and its bytes are zeros until {@link SegmentTable#create}
 * writes a header into it and renames it to the segment's name, the same steps as for a reused
 * spare. What a stop leaves of it (a file filled in part, or one never used) is deleted by the
 * next writable open; a close deletes it.
 *
 * <p>One file at a time: a request while one is being filled, or while a filled one waits for
 * its roll, does nothing. A roll that comes while the file is still being filled does not wait:
 * it creates its segment as before, and the filled file serves the roll after it. A roll that
 * needs another length deletes the filled file, so that the next request can make one. A
 * failure to fill is logged and the file deleted; the log goes on without it.
 *
 * <p>Thread-safety: {@link #request}, {@link #take} and {@link #close} come from the writer
 * thread; the filling thread shares the state with them under this object's monitor.
 */
final class PreparedSegment
{
    private static final System.Logger LOG = System.getLogger(PreparedSegment.class.getName());
    /** Bytes of zeros per write. */
    private static final int CHUNK_BYTES = 1 << 20;

    private final Path path;
    private final FileIO io;
    private final String threadName;
    /**
     * The length of the file being filled (while {@link #filler} runs) or filled and forced (once
     * it ended), 0 for none. Guarded by this.
     */
    private long bytes;
    /** The thread filling it, null when none runs. Guarded by this. */
    private Thread filler;
    /** Whether a fill ever started: only then may the file exist for {@link #close} to delete. Guarded by this. */
    private boolean started;
    /** Set by {@link #close}: the filler stops at its next chunk, and nothing starts again. */
    private volatile boolean closed;

    /**
     * @param path where the file is made.
     * @param io   the file seam.
     */
    PreparedSegment(final Path path, final FileIO io)
    {
        this.path = path;
        this.io = io;
        this.threadName = "pagekv-segment-filler " + path.getParent();
    }

    /**
     * @return the file's path.
     */
    Path path()
    {
        return path;
    }

    /**
     * Starts filling a file of {@code length} bytes in the background, unless a file is being
     * filled or waits filled, or the table closed. Never waits.
     *
     * @param length the file's length.
     */
    synchronized void request(final long length)
    {
        if (closed || bytes != 0)
        {
            return;
        }
        bytes = length;
        started = true;
        filler = new Thread(() -> fill(length), threadName);
        filler.setDaemon(true);
        filler.start();
    }

    /**
     * Hands the filled file to the caller, who renames it (or deletes it) at once. A filled file
     * of another length is deleted instead: kept, it would refuse every later request until a
     * roll needed its length (the log's segments change size after large transactions, decision
     * 71), and the next request makes one of the length then needed.
     *
     * @param length the length the caller needs.
     * @return whether a file of that length is filled and forced: it is then the caller's.
     */
    synchronized boolean take(final long length)
    {
        if (filler != null || bytes == 0)
        {
            return false;
        }
        final boolean fits = bytes == length;
        bytes = 0;
        if (!fits)
        {
            deleteQuietly();
        }
        return fits;
    }

    /**
     * Stops a filling thread, waits for it, and deletes the file, filled or not. Later requests
     * do nothing. Keeps the caller's interrupt.
     *
     * @throws IOException if the file cannot be deleted.
     */
    void close() throws IOException
    {
        closed = true;
        boolean interrupted = false;
        final boolean mayExist;
        synchronized (this)
        {
            while (filler != null)
            {
                try
                {
                    wait();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
            bytes = 0;
            mayExist = started;
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
        if (mayExist)
        {
            io.delete(path);
        }
    }

    private void fill(final long length)
    {
        boolean done = false;
        try
        {
            done = writeZeros(length);
        }
        finally
        {
            if (!done)
            {
                deleteQuietly();
            }
            synchronized (this)
            {
                filler = null;
                if (!done || closed)
                {
                    bytes = 0;
                }
                notifyAll();
            }
        }
    }

    /** @return whether the file holds {@code length} bytes of zeros, forced; false if closed or failed. */
    private boolean writeZeros(final long length)
    {
        try (StoreFile file = io.open(path, true))
        {
            file.setLength(0);
            final ByteBuffer zeros = ByteBuffer.allocateDirect((int)Math.min(CHUNK_BYTES, length));
            for (long at = 0; at < length && !closed; at += zeros.capacity())
            {
                file.write(at, zeros.clear().limit((int)Math.min(zeros.capacity(), length - at)));
            }
            if (closed)
            {
                return false;
            }
            file.force();
            return true;
        }
        catch (final IOException | RuntimeException ex)
        {
            LOG.log(System.Logger.Level.WARNING, "cannot make the next segment file " + path +
                " ahead; the log creates its next segment itself", ex);
            return false;
        }
    }

    private void deleteQuietly()
    {
        try
        {
            io.delete(path);
        }
        catch (final IOException ex)
        {
            LOG.log(System.Logger.Level.WARNING, "cannot delete the unfinished next segment file " + path, ex);
        }
    }
}
