package io.pagekv.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * {@code long} as 8 big-endian bytes with the sign bit flipped: order-preserving, so that
 * negative numbers sort before positive ones.
 */
final class LongCodec implements Codec<Long>
{
    static final LongCodec INSTANCE = new LongCodec();

    private LongCodec()
    {
    }

    @Override
    public int encode(final Long value, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putLong(offset, value ^ Long.MIN_VALUE, ByteOrder.BIG_ENDIAN);
        return Long.BYTES;
    }

    @Override
    public Long decode(final DirectBuffer buffer, final int offset, final int length)
    {
        Codecs.checkLength(length, Long.BYTES, "long");
        return buffer.getLong(offset, ByteOrder.BIG_ENDIAN) ^ Long.MIN_VALUE;
    }

    @Override
    public int fixedLength()
    {
        return Long.BYTES;
    }
}
