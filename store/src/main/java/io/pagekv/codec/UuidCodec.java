package io.pagekv.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.util.UUID;

/**
 * {@link UUID} as its 16 bytes in RFC 4122 order (most significant half first, big-endian).
 * Order-preserving for the unsigned order of (most, least significant bits), which is the order
 * of the UUIDs' text; {@link UUID#compareTo} compares the halves as signed numbers and differs.
 */
final class UuidCodec implements Codec<UUID>
{
    static final UuidCodec INSTANCE = new UuidCodec();

    private UuidCodec()
    {
    }

    @Override
    public int encode(final UUID value, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putLong(offset, value.getMostSignificantBits(), ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + Long.BYTES, value.getLeastSignificantBits(), ByteOrder.BIG_ENDIAN);
        return 2 * Long.BYTES;
    }

    @Override
    public UUID decode(final DirectBuffer buffer, final int offset, final int length)
    {
        Codecs.checkLength(length, 2 * Long.BYTES, "UUID");
        return new UUID(buffer.getLong(offset, ByteOrder.BIG_ENDIAN), buffer.getLong(offset + Long.BYTES, ByteOrder.BIG_ENDIAN));
    }

    @Override
    public int fixedLength()
    {
        return 2 * Long.BYTES;
    }
}
