package io.pagekv.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One open file of a store: positional writes, forces, reads and a read-only mapping.
 * Reads of pages come from the mapping; every change goes through {@link #write} and
 * becomes durable only after {@link #force}.
 */
public interface StoreFile extends Closeable
{
    /**
     * @return the path this file was opened at.
     */
    Path path();

    /**
     * Writes all remaining bytes of {@code src} at {@code position}.
     *
     * @param position the file offset.
     * @param src      the bytes; its position advances to its limit.
     * @throws IOException if not every byte could be written.
     */
    void write(long position, ByteBuffer src) throws IOException;

    /**
     * Reads up to {@code dst.remaining()} bytes at {@code position}.
     *
     * @param position the file offset.
     * @param dst      the destination.
     * @return the number of bytes read, -1 at the end of the file.
     * @throws IOException if the read fails.
     */
    int read(long position, ByteBuffer dst) throws IOException;

    /**
     * Reads at {@code position} until {@code dst} is full or the file ends: the bytes go from
     * {@code dst}'s position on, and what the file did not have stays in {@code dst.remaining()}.
     *
     * @param position the file offset of {@code dst}'s first byte.
     * @param dst      the destination.
     * @throws IOException if a read fails.
     */
    default void readFully(final long position, final ByteBuffer dst) throws IOException
    {
        final int start = dst.position();
        while (dst.hasRemaining() && read(position + dst.position() - start, dst) > 0)
        {
            // Reads until dst is full or the file ends.
        }
    }

    /**
     * Forces the file's data (and the metadata needed to read it) to the disk.
     *
     * @throws IOException if the force fails; the caller must then treat unforced writes as lost.
     */
    void force() throws IOException;

    /**
     * @return the current length of the file.
     * @throws IOException if it cannot be read.
     */
    long size() throws IOException;

    /**
     * Sets the length of the file, extending it (sparse, zero-filled) or truncating it.
     *
     * @param length the new length.
     * @throws IOException if it cannot be changed.
     */
    void setLength(long length) throws IOException;

    /**
     * Maps the first {@code length} bytes of the file read-only.
     *
     * @param length bytes to map; at most the file's size.
     * @return the mapping; it stays valid until it is garbage collected.
     * @throws IOException if the mapping fails.
     */
    MappedByteBuffer mapReadOnly(long length) throws IOException;

    /**
     * Maps the first {@code length} bytes of the file for reading and writing: for the lock
     * file's shared tables, never for pages (pages are written through {@link #write}).
     *
     * @param length bytes to map; at most the file's size.
     * @return the mapping; it stays valid until it is garbage collected.
     * @throws IOException if the mapping fails, for example on a file opened read-only.
     */
    MappedByteBuffer mapReadWrite(long length) throws IOException;

    /**
     * @return the channel, for file locks.
     */
    FileChannel channel();
}
