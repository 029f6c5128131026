package io.pagekv.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * {@code int} as 4 big-endian bytes with the sign bit flipped: order-preserving.
 */
final class IntCodec implements Codec<Integer>
{
    static final IntCodec INSTANCE = new IntCodec();

    private IntCodec()
    {
    }

    @Override
    public int encode(final Integer value, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putInt(offset, value ^ Integer.MIN_VALUE, ByteOrder.BIG_ENDIAN);
        return Integer.BYTES;
    }

    @Override
    public Integer decode(final DirectBuffer buffer, final int offset, final int length)
    {
        Codecs.checkLength(length, Integer.BYTES, "int");
        return buffer.getInt(offset, ByteOrder.BIG_ENDIAN) ^ Integer.MIN_VALUE;
    }

    @Override
    public int fixedLength()
    {
        return Integer.BYTES;
    }
}
