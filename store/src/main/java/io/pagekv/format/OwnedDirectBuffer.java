package io.pagekv.format;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * An {@link UnsafeBuffer} over direct memory the process allocated itself, never a file mapping,
 * whose bytes {@link Checksums} may hand to the CRC32C intrinsic in place: no file can shrink
 * under it, so reading it can never fault. Mapped pages are checksummed through a copy instead
 * (see {@link Checksums#update}). For a commit's pages, which are checksummed twice before they
 * are written (each page's seal, then the commit's body CRC), this saves two copies of every page.
 *
 * <p>Not thread-safe: one thread checksums it at a time.
 */
public final class OwnedDirectBuffer extends UnsafeBuffer
{
    private final ByteBuffer view;

    /**
     * @param capacity bytes to allocate, direct.
     */
    public OwnedDirectBuffer(final int capacity)
    {
        this(ByteBuffer.allocateDirect(capacity));
    }

    private OwnedDirectBuffer(final ByteBuffer bytes)
    {
        super(bytes);
        this.view = bytes.duplicate();
    }

    /**
     * Feeds {@code length} bytes at {@code index} to {@code crc}, read in place.
     *
     * @param crc    the running checksum.
     * @param index  where the bytes start.
     * @param length how many.
     */
    void updateCrc(final CRC32C crc, final int index, final int length)
    {
        view.clear().position(index).limit(index + length);
        crc.update(view);
    }
}
