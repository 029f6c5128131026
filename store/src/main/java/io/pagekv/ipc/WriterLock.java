package io.pagekv.ipc;

import io.pagekv.StoreException;
import io.pagekv.StoreIOException;
import io.pagekv.StoreLockedException;
import io.pagekv.format.LockFileLayout;
import io.pagekv.format.StoreFileNames;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The exclusive writer lock: a {@link FileLock} on byte 0 of the {@code lock} file, held while
 * the store is open for writing, and released by the operating system when the process dies.
 * The holder records its pid in the {@link LockFile} so that a refused opener can name it, and
 * the boot it runs in so that the next writer knows whether its writes outlived it; it resets
 * the live counters' area there too ({@link StoreCounters}).
 */
public final class WriterLock implements Closeable
{
    private final LockFile lockFile;
    private final FileLock lock;
    private final boolean previousWriterInThisBoot;

    private WriterLock(final LockFile lockFile, final FileLock lock, final boolean previousWriterInThisBoot)
    {
        this.lockFile = lockFile;
        this.lock = lock;
        this.previousWriterInThisBoot = previousWriterInThisBoot;
    }

    /**
     * @return whether the writer before this one took the lock in this boot of the machine
     * ({@link BootId}): then everything it wrote is in the page cache, however it stopped (a
     * process crash loses nothing there). False after a reboot, when either boot is unknown, and
     * when no writer took the lock before.
     */
    public boolean previousWriterInThisBoot()
    {
        return previousWriterInThisBoot;
    }

    /**
     * Takes the lock or fails at once.
     *
     * @param dir the store directory.
     * @param io  the file seam.
     * @return the held lock.
     * @throws StoreLockedException if another process or another open store in this process holds it.
     */
    public static WriterLock acquire(final Path dir, final FileIO io)
    {
        final Path path = dir.resolve(StoreFileNames.LOCK);
        OpenLockFiles.Shared shared = null;
        try
        {
            shared = OpenLockFiles.acquire(path, io, true);
            if (!shared.isWritable())
            {
                throw new StoreException("cannot take the writer lock " + path + ": this process may only read it");
            }
            final FileLock lock;
            try
            {
                lock = shared.file().channel().tryLock(LockFileLayout.WRITER_LOCK_POSITION, 1, false);
            }
            catch (final OverlappingFileLockException ex)
            {
                throw new StoreLockedException(dir, ProcessHandle.current().pid(), "another open Store in this process (pid " +
                    ProcessHandle.current().pid() + "); share that instance or close it first");
            }
            if (lock == null)
            {
                final long pid = shared.file().size() == 0 ? -1 : holderPid(shared);
                throw new StoreLockedException(dir, pid, pid > 0 ? "process " + pid : "another process (pid unknown)");
            }
            final LockFile lockFile = LockFile.mapWritable(shared, true);
            final boolean sameBoot = lockFile.recordWriter(ProcessHandle.current().pid(), System.currentTimeMillis(), BootId.current());
            StoreCounters.reset(lockFile);
            return new WriterLock(lockFile, lock, sameBoot);
        }
        catch (final IOException ex)
        {
            releaseQuietly(shared);
            throw new StoreIOException("cannot take the writer lock " + path, ex);
        }
        catch (final StoreException ex)
        {
            releaseQuietly(shared);
            throw ex;
        }
    }

    private static long holderPid(final OpenLockFiles.Shared shared) throws IOException
    {
        // A view only: it is not closed, so it gives no user of the descriptor back.
        return LockFile.mapReadOnly(shared).writerPid();
    }

    /**
     * Maps the lock file of a store opened read-only, if it has one; never creates it. Where this
     * process may write it, it is mapped read-write so that the process can register as a reader.
     *
     * @param dir the store directory.
     * @param io  the file seam.
     * @return the mapped lock file, or null if the store has none yet.
     * @throws IOException if it exists but cannot be opened or mapped.
     */
    public static LockFile openForReading(final Path dir, final FileIO io) throws IOException
    {
        final Path path = dir.resolve(StoreFileNames.LOCK);
        if (!Files.exists(path))
        {
            return null;
        }
        final OpenLockFiles.Shared shared = OpenLockFiles.acquire(path, io, false);
        try
        {
            return LockFile.mapForReader(shared);
        }
        catch (final IOException | RuntimeException ex)
        {
            OpenLockFiles.release(shared);
            throw ex;
        }
    }

    /**
     * Tells whether some process holds the writer lock now, by trying a shared lock on the same
     * byte through the channel the lock file is already open on (read-only is enough): the
     * operating system refuses it while a writer holds its exclusive lock. No file is opened or
     * closed, because closing any descriptor of the file would drop this process's own locks on it.
     *
     * @param lockFile the lock file as a read-only store maps it.
     * @return whether a writer holds the lock; true also when this process holds it.
     * @throws IOException if the lock cannot be tried.
     */
    public static boolean isHeld(final LockFile lockFile) throws IOException
    {
        final FileLock probe;
        try
        {
            probe = lockFile.file().channel().tryLock(LockFileLayout.WRITER_LOCK_POSITION, 1, true);
        }
        catch (final OverlappingFileLockException ex)
        {
            return true;
        }
        if (probe == null)
        {
            return true;
        }
        probe.release();
        return false;
    }

    /**
     * @return the mapped lock file.
     */
    public LockFile lockFile()
    {
        return lockFile;
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            lock.release();
        }
        finally
        {
            lockFile.close();
        }
    }

    private static void releaseQuietly(final OpenLockFiles.Shared shared)
    {
        if (shared != null)
        {
            try
            {
                OpenLockFiles.release(shared);
            }
            catch (final IOException ignored)
            {
                // The lock failure is what the caller needs to hear about.
            }
        }
    }
}
