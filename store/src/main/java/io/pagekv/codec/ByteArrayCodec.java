package io.pagekv.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * {@code byte[]} as itself: order-preserving for unsigned lexicographic order
 * ({@link java.util.Arrays#compareUnsigned}). Arrays are mutable, so decoded ones are never
 * shared through the read cache.
 */
final class ByteArrayCodec implements Codec<byte[]>
{
    static final ByteArrayCodec INSTANCE = new ByteArrayCodec();

    private ByteArrayCodec()
    {
    }

    @Override
    public int encode(final byte[] value, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putBytes(offset, value);
        return value.length;
    }

    @Override
    public byte[] decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] value = new byte[length];
        buffer.getBytes(offset, value);
        return value;
    }

    @Override
    public boolean isShareable()
    {
        return false;
    }
}
