package io.pagekv.ipc;

import io.pagekv.format.FormatVersion;
import io.pagekv.format.LockFileLayout;
import io.pagekv.io.StoreFile;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * A flyweight over the mapped {@code lock} file ({@link LockFileLayout}), in the manner of
 * Agrona's descriptors: the writer's identity, the log generation, the shared reader table
 * ({@link #readerTable()}) and the live counters. Every process that opens the store maps it:
 * the writer read-write, a read-only process read-write too where the file's permissions allow
 * (it registers in the reader table), else read-only.
 *
 * <p>Fields other processes read are written with ordered stores and read with volatile loads.
 */
public final class LockFile
{
    private final OpenLockFiles.Shared shared;
    private final StoreFile file;
    private final UnsafeBuffer buffer;
    private final boolean writable;
    private final boolean writer;
    /** The writer's log generation: it alone moves it, so it need not read the mapping for it. */
    private volatile long writerLogGeneration;

    private LockFile(final OpenLockFiles.Shared shared, final UnsafeBuffer buffer, final boolean writable, final boolean writer)
    {
        this.shared = shared;
        this.file = shared.file();
        this.buffer = buffer;
        this.writable = writable;
        this.writer = writer;
    }

    /**
     * Maps a shared lock file read-write, first extending it to {@link LockFileLayout#LENGTH}.
     *
     * @param shared the lock file's shared descriptor, open for writing.
     * @param writer whether the mapping belongs to the holder of the writer lock, who alone
     *               writes the header.
     * @return the flyweight; closing it gives the descriptor back.
     * @throws IOException if it cannot be extended or mapped.
     */
    static LockFile mapWritable(final OpenLockFiles.Shared shared, final boolean writer) throws IOException
    {
        final StoreFile file = shared.file();
        if (file.size() < LockFileLayout.LENGTH)
        {
            file.setLength(LockFileLayout.LENGTH);
        }
        return new LockFile(shared, new UnsafeBuffer(file.mapReadWrite(LockFileLayout.LENGTH)), true, writer);
    }

    /**
     * Maps a shared lock file for a process that reads the store. Where the descriptor allows
     * writing, the file is extended to {@link LockFileLayout#LENGTH} (an older writer's is
     * shorter) and mapped read-write, so that the process can register in the reader table;
     * otherwise it is mapped read-only as far as it reaches, and fields beyond it read as absent.
     *
     * @param shared the lock file's shared descriptor.
     * @return the flyweight; closing it gives the descriptor back.
     * @throws IOException if it cannot be extended or mapped.
     */
    static LockFile mapForReader(final OpenLockFiles.Shared shared) throws IOException
    {
        return shared.isWritable() ? mapWritable(shared, false) : mapReadOnly(shared);
    }

    /**
     * Maps a shared lock file read-only, as far as it reaches: fields beyond it read as absent.
     *
     * @param shared the lock file's shared descriptor.
     * @return the flyweight.
     * @throws IOException if it cannot be mapped.
     */
    static LockFile mapReadOnly(final OpenLockFiles.Shared shared) throws IOException
    {
        final long length = Math.min(shared.file().size(), LockFileLayout.LENGTH);
        return new LockFile(shared, new UnsafeBuffer(shared.file().mapReadOnly(length)), false, false);
    }

    /**
     * @return the shared reader table, or null when this process cannot write it (the lock file
     * is mapped read-only).
     */
    public ReaderTable readerTable()
    {
        return writable && buffer.capacity() >= LockFileLayout.LENGTH ? new ReaderTable(buffer, file.path()) : null;
    }

    /**
     * @return the live counters' metadata buffer (Agrona {@code CountersManager} layout) over the
     * mapping, or null when the file is too short to hold it (an older writer's, mapped read-only).
     */
    public AtomicBuffer countersMetadataBuffer()
    {
        return range(LockFileLayout.COUNTERS_METADATA_START, LockFileLayout.COUNTERS_METADATA_LENGTH);
    }

    /**
     * @return the live counters' values buffer over the mapping, or null when the file is too
     * short to hold it.
     */
    public AtomicBuffer counterValuesBuffer()
    {
        return range(LockFileLayout.COUNTER_VALUES_START, LockFileLayout.COUNTER_VALUES_LENGTH);
    }

    /**
     * @return whether this mapping belongs to the holder of the writer lock.
     */
    public boolean isWriter()
    {
        return writer;
    }

    private AtomicBuffer range(final int offset, final int length)
    {
        return buffer.capacity() >= offset + length ? new UnsafeBuffer(buffer, offset, length) : null;
    }

    /**
     * @return the open file, for the writer's file lock.
     */
    public StoreFile file()
    {
        return file;
    }

    /**
     * @return whether the header names a writer: the magic is there.
     */
    public boolean hasHeader()
    {
        return buffer.capacity() >= LockFileLayout.READER_TABLE_OFFSET &&
            buffer.getIntVolatile(LockFileLayout.MAGIC_OFFSET) == FormatVersion.LOCK_MAGIC;
    }

    /**
     * @return the pid of the writer that last took the lock, or -1 if none is recorded.
     */
    public long writerPid()
    {
        return hasHeader() ? buffer.getLongVolatile(LockFileLayout.PID_OFFSET) : -1;
    }

    /**
     * @return when that writer took the lock, epoch ms, or -1 if none is recorded.
     */
    public long lockedAt()
    {
        return hasHeader() ? buffer.getLongVolatile(LockFileLayout.LOCKED_AT_OFFSET) : -1;
    }

    /**
     * @return the log generation: how often compaction has moved the log's first segment (0 if
     * the file is too short to say). The writer answers from its own count, which alone moves it.
     */
    public long logGeneration()
    {
        if (writer)
        {
            return writerLogGeneration;
        }
        return buffer.capacity() >= LockFileLayout.LOG_GENERATION_OFFSET + 8 ?
            buffer.getLongVolatile(LockFileLayout.LOG_GENERATION_OFFSET) : 0;
    }

    /**
     * Tells readers in other processes that the log's first segment moved. Writer only, after
     * the superblock says so.
     */
    public void bumpLogGeneration()
    {
        requireWriter();
        writerLogGeneration = buffer.getAndAddLong(LockFileLayout.LOG_GENERATION_OFFSET, 1) + 1;
    }

    /**
     * Records the writer that now holds the lock, and says whether the writer before it took the
     * lock in {@code boot}. Writer only, under the file lock, once.
     *
     * <p>The header is read and written through the file, not the mapping (the kernel keeps the
     * two coherent): opening a store then touches no page of the new mapping, and each first touch
     * of a page of a new mapping is a page fault, tens of microseconds on some virtual machines.
     * The fields go before the magic, as ordered stores through the mapping would put them.
     *
     * @param pid      its process id.
     * @param lockedAt when it took the lock, epoch ms.
     * @param boot     the boot it runs in ({@link BootId#current()}), or null if unknown.
     * @return whether the writer that last took the lock took it in {@code boot}: then whatever it
     * wrote is still in the page cache, however it stopped. False when either boot is unknown.
     * @throws IOException if the header cannot be read or written.
     */
    public boolean recordWriter(final long pid, final long lockedAt, final UUID boot) throws IOException
    {
        requireWriter();
        final UnsafeBuffer header = new UnsafeBuffer(new byte[LockFileLayout.WRITER_FIELDS_LENGTH]);
        // The file is at least LockFileLayout.LENGTH long: mapWritable extended it.
        file.readFully(0, ByteBuffer.wrap(header.byteArray()));
        final boolean hadHeader = header.getInt(LockFileLayout.MAGIC_OFFSET) == FormatVersion.LOCK_MAGIC;
        final boolean sameBoot = boot != null && hadHeader &&
            header.getLong(LockFileLayout.BOOT_ID_OFFSET) == boot.getMostSignificantBits() &&
            header.getLong(LockFileLayout.BOOT_ID_OFFSET + Long.BYTES) == boot.getLeastSignificantBits();
        writerLogGeneration = header.getLong(LockFileLayout.LOG_GENERATION_OFFSET);
        header.putShort(LockFileLayout.VERSION_OFFSET, (short)FormatVersion.CURRENT, FormatVersion.ORDER);
        putRange(header, LockFileLayout.READER_TABLE_OFFSET, LockFileLayout.READER_TABLE_START, LockFileLayout.READER_TABLE_LENGTH);
        putRange(header, LockFileLayout.COUNTERS_OFFSET, LockFileLayout.COUNTERS_METADATA_START, LockFileLayout.COUNTERS_METADATA_LENGTH);
        putRange(header, LockFileLayout.COUNTER_VALUES_OFFSET, LockFileLayout.COUNTER_VALUES_START, LockFileLayout.COUNTER_VALUES_LENGTH);
        header.putLong(LockFileLayout.PID_OFFSET, pid);
        header.putLong(LockFileLayout.LOCKED_AT_OFFSET, lockedAt);
        header.putLong(LockFileLayout.BOOT_ID_OFFSET, boot == null ? 0 : boot.getMostSignificantBits());
        header.putLong(LockFileLayout.BOOT_ID_OFFSET + Long.BYTES, boot == null ? 0 : boot.getLeastSignificantBits());
        final int magicEnd = LockFileLayout.MAGIC_OFFSET + Integer.BYTES;
        file.write(magicEnd, ByteBuffer.wrap(header.byteArray(), magicEnd, header.capacity() - magicEnd));
        if (!hadHeader)
        {
            header.putInt(LockFileLayout.MAGIC_OFFSET, FormatVersion.LOCK_MAGIC);
            file.write(LockFileLayout.MAGIC_OFFSET, ByteBuffer.wrap(header.byteArray(), LockFileLayout.MAGIC_OFFSET, Integer.BYTES));
        }
        return sameBoot;
    }

    /**
     * Writes bytes at {@code position} of the file, through the file rather than the mapping
     * (see {@link #recordWriter}). Writer only.
     *
     * @param position where they go.
     * @param bytes    what goes there, from its position to its limit.
     * @throws IOException if they cannot be written.
     */
    public void write(final int position, final ByteBuffer bytes) throws IOException
    {
        requireWriter();
        file.write(position, bytes);
    }

    private void requireWriter()
    {
        if (!writer)
        {
            throw new IllegalStateException("lock file " + file.path() + " is mapped by a reader, not the writer");
        }
    }

    private static void putRange(final UnsafeBuffer header, final int field, final int offset, final int length)
    {
        header.putInt(field, offset, FormatVersion.ORDER);
        header.putInt(field + 4, length, FormatVersion.ORDER);
    }

    /**
     * Gives the shared descriptor back (the last user closes it); the mapping is left to the
     * garbage collector.
     *
     * @throws IOException if closing fails.
     */
    public void close() throws IOException
    {
        OpenLockFiles.release(shared);
    }
}
