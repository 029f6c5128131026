package io.pagekv.format;

import org.agrona.DirectBuffer;

import java.util.zip.CRC32C;

/**
 * CRC32C over regions of Agrona buffers without copying them when they wrap memory.
 */
public final class Checksums
{
    private static final byte[] ZEROS = new byte[8];
    private static final int CHUNK = 16 << 10;
    /** Each thread's copy buffer for off-heap bytes: a check allocates nothing. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[CHUNK]);

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
        if (buffer instanceof OwnedDirectBuffer owned)
        {
            // Memory of this process, never a mapping: the intrinsic reads it in place.
            owned.updateCrc(crc, offset, length);
            return;
        }
        // Off-heap bytes may be a mapping of a file that shrank: read them with Agrona's Unsafe
        // copies, whose fault the JVM turns into an InternalError, never with the CRC32C
        // intrinsic on a direct ByteBuffer, where the same fault (SIGBUS) kills the JVM.
        final byte[] chunk = SCRATCH.get();
        for (int done = 0; done < length; done += CHUNK)
        {
            final int n = Math.min(CHUNK, length - done);
            buffer.getBytes(offset + done, chunk, 0, n);
            crc.update(chunk, 0, n);
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
