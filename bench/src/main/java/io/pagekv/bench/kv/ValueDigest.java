package io.pagekv.bench.kv;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * A digest that reads every byte of a value: the work a caller does with what a get returned,
 * the same for zero-copy views and copies. Not a checksum of quality; it only has to touch the
 * bytes and differ for the test values.
 */
public final class ValueDigest
{
    private ValueDigest()
    {
    }

    /**
     * @param buffer holds the value.
     * @param offset where it starts.
     * @param length its length.
     * @return its digest.
     */
    public static long of(final DirectBuffer buffer, final int offset, final int length)
    {
        long digest = length;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            digest = Long.rotateLeft(digest, 1) ^ buffer.getLong(offset + i, ByteOrder.LITTLE_ENDIAN);
        }
        for (; i < length; i++)
        {
            digest = Long.rotateLeft(digest, 1) ^ buffer.getByte(offset + i);
        }
        return digest;
    }
}
