package io.pagekv.ipc;

import io.pagekv.format.StoreFileNames;
import io.pagekv.io.FileIO;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the live counters of a store from outside, as Aeron's {@code AeronStat} reads a CnC
 * file: it maps the {@code lock} file read-only, takes no lock, opens no store and writes
 * nothing, so it can watch a store another process writes, or one nobody has open (the last
 * writer's final values). The lock file's descriptor is shared with any store of this process
 * ({@link OpenLockFiles}), so watching never drops this process's writer lock.
 *
 * <p>Thread-safe; each {@link #read} is a fresh sample.
 */
public final class CounterWatch implements Closeable
{
    /** Takes the counters of one sample, one at a time. */
    @FunctionalInterface
    public interface CounterVisitor
    {
        /**
         * @param id     the counter's id.
         * @param typeId its type id.
         * @param label  its label.
         * @param value  its value now.
         */
        void counter(int id, int typeId, String label, long value);
    }

    private final LockFile lockFile;
    private final CountersReader reader;

    private CounterWatch(final LockFile lockFile, final CountersReader reader)
    {
        this.lockFile = lockFile;
        this.reader = reader;
    }

    /**
     * Maps a store's lock file to read its counters.
     *
     * @param dir the store directory.
     * @param io  the file seam.
     * @return the watch; close it.
     * @throws NoSuchFileException if the directory has no lock file (no writer ever opened it).
     * @throws IOException         if it cannot be opened or mapped.
     */
    public static CounterWatch open(final Path dir, final FileIO io) throws IOException
    {
        final Path path = dir.resolve(StoreFileNames.LOCK);
        if (!Files.exists(path))
        {
            throw new NoSuchFileException(path.toString(), null, "no lock file: no writer has opened this store");
        }
        final OpenLockFiles.Shared shared = OpenLockFiles.acquire(path, io, false);
        try
        {
            final LockFile lockFile = LockFile.mapReadOnly(shared);
            final AtomicBuffer metadata = lockFile.countersMetadataBuffer();
            final AtomicBuffer values = lockFile.counterValuesBuffer();
            return new CounterWatch(lockFile, metadata == null || values == null ? null : new CountersReader(metadata, values));
        }
        catch (final IOException | RuntimeException ex)
        {
            OpenLockFiles.release(shared);
            throw ex;
        }
    }

    /**
     * Reads every allocated counter now, by id; none when the lock file predates counters or no
     * writer has allocated them.
     *
     * @param visitor takes each counter.
     */
    public void read(final CounterVisitor visitor)
    {
        if (reader != null)
        {
            reader.forEach((CountersReader.MetaData)(id, typeId, key, label) ->
                visitor.counter(id, typeId, label, reader.getCounterValue(id)));
        }
    }

    /**
     * @return the pid of the writer that last held the lock, or -1 if none is recorded.
     */
    public long writerPid()
    {
        return lockFile.writerPid();
    }

    /**
     * @return whether a process holds the writer lock now.
     * @throws IOException if the lock cannot be probed.
     */
    public boolean isWriterOpen() throws IOException
    {
        return WriterLock.isHeld(lockFile);
    }

    @Override
    public void close() throws IOException
    {
        lockFile.close();
    }
}
