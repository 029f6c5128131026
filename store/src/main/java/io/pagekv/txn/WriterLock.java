package io.pagekv.txn;

import io.pagekv.StoreException;
import io.pagekv.StoreIOException;
import io.pagekv.StoreLockedException;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.LockFileLayout;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;

/**
 * The exclusive writer lock: a {@link FileLock} on byte 0 of the {@code lock} file, held while
 * the store is open for writing, and released by the operating system when the process dies.
 * The holder records its pid so that a refused opener can name it.
 */
public final class WriterLock implements Closeable
{
    /** Name of the lock file in a store directory. */
    public static final String FILE_NAME = "lock";

    private final StoreFile file;
    private final FileLock lock;

    private WriterLock(final StoreFile file, final FileLock lock)
    {
        this.file = file;
        this.lock = lock;
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
        final Path path = dir.resolve(FILE_NAME);
        StoreFile file = null;
        try
        {
            file = io.open(path, true);
            final FileLock lock;
            try
            {
                lock = file.channel().tryLock(LockFileLayout.WRITER_LOCK_POSITION, 1, false);
            }
            catch (final OverlappingFileLockException ex)
            {
                throw new StoreLockedException(dir, ProcessHandle.current().pid(), "another open Store in this process (pid " +
                    ProcessHandle.current().pid() + "); share that instance or close it first");
            }
            if (lock == null)
            {
                final long pid = recordedPid(file);
                throw new StoreLockedException(dir, pid, pid > 0 ? "process " + pid : "another process (pid unknown)");
            }
            final WriterLock writerLock = new WriterLock(file, lock);
            writerLock.record();
            return writerLock;
        }
        catch (final IOException ex)
        {
            closeQuietly(file);
            throw new StoreIOException("cannot take the writer lock " + path, ex);
        }
        catch (final StoreException ex)
        {
            closeQuietly(file);
            throw ex;
        }
    }

    private static long recordedPid(final StoreFile file) throws IOException
    {
        final ByteBuffer header = ByteBuffer.allocate(LockFileLayout.PID_OFFSET + 8).order(FormatVersion.ORDER);
        if (file.read(0, header) < header.capacity() || header.getInt(LockFileLayout.MAGIC_OFFSET) != FormatVersion.LOCK_MAGIC)
        {
            return -1;
        }
        return header.getLong(LockFileLayout.PID_OFFSET);
    }

    private void record() throws IOException
    {
        final ByteBuffer header = ByteBuffer.allocate(LockFileLayout.LENGTH).order(FormatVersion.ORDER);
        header.putInt(LockFileLayout.MAGIC_OFFSET, FormatVersion.LOCK_MAGIC);
        header.putShort(LockFileLayout.VERSION_OFFSET, (short)FormatVersion.CURRENT);
        header.putLong(LockFileLayout.PID_OFFSET, ProcessHandle.current().pid());
        header.putLong(LockFileLayout.LOCKED_AT_OFFSET, System.currentTimeMillis());
        file.write(0, header);
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
            file.close();
        }
    }

    private static void closeQuietly(final StoreFile file)
    {
        if (file != null)
        {
            try
            {
                file.close();
            }
            catch (final IOException ignored)
            {
                // The lock failure is what the caller needs to hear about.
            }
        }
    }
}
