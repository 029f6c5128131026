package io.pagekv.format;

import org.agrona.DirectBuffer;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * CRC32C over regions of Agrona buffers without copying them when they wrap memory.
 */
public final class Checksums
{
    private static final byte[] ZEROS = new byte[8];

    private Checksums()
    {
    }

    /**
     * Feeds {@code length} bytes at {@code offset} of {@code buffer} to {@code crc}.
     *
     * @param crc    the running checksum.
     * @param buffer the bytes.
     * @param offset where they start.
     * @param length how many.
     */
    public static void update(final CRC32C crc, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] array = buffer.byteArray();
        if (array != null)
        {
            crc.update(array, buffer.wrapAdjustment() + offset, length);
            return;
        }
        final ByteBuffer bb = buffer.byteBuffer();
        if (bb != null)
        {
            final int base = buffer.wrapAdjustment();
            crc.update(bb.duplicate().clear().position(base + offset).limit(base + offset + length));
            return;
        }
        for (int i = 0; i < length; i++)
        {
            crc.update(buffer.getByte(offset + i));
        }
    }

    /**
     * Feeds {@code count} zero bytes (at most 8) to {@code crc}.
     *
     * @param crc   the running checksum.
     * @param count how many zeros.
     */
    public static void updateZeros(final CRC32C crc, final int count)
    {
        crc.update(ZEROS, 0, count);
    }
}
