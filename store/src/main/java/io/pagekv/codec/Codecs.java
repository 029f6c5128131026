package io.pagekv.codec;

import java.util.List;
import java.util.UUID;

/**
 * The ready codecs. Order-preserving ones (usable as keys, so that ranges mean the same in typed
 * and byte order): {@link #utf8()} (code point order), {@link #int32()}, {@link #int64()},
 * {@link #uuid()} (unsigned, as the text sorts), {@link #bytes()} (unsigned) and
 * {@link #tuple} of those.
 */
public final class Codecs
{
    private Codecs()
    {
    }

    /** @return strings as UTF-8, ordered by code point. */
    public static Codec<String> utf8()
    {
        return Utf8Codec.INSTANCE;
    }

    /** @return {@code long} as 8 order-preserving bytes (sign flipped, big-endian). */
    public static Codec<Long> int64()
    {
        return LongCodec.INSTANCE;
    }

    /** @return {@code int} as 4 order-preserving bytes (sign flipped, big-endian). */
    public static Codec<Integer> int32()
    {
        return IntCodec.INSTANCE;
    }

    /** @return UUIDs as their 16 bytes, big-endian, ordered as their text. */
    public static Codec<UUID> uuid()
    {
        return UuidCodec.INSTANCE;
    }

    /** @return byte arrays as themselves; never shared through the read cache. */
    public static Codec<byte[]> bytes()
    {
        return ByteArrayCodec.INSTANCE;
    }

    /**
     * @param components the codec of each component, in order.
     * @return tuples ({@link List}s whose element {@code i} has component {@code i}'s type) as keys
     * whose byte order is the tuple order; a shorter list encodes as a prefix.
     * @throws IllegalArgumentException if there are no components.
     */
    public static Codec<List<Object>> tuple(final Codec<?>... components)
    {
        return new TupleCodec(components);
    }

    static void checkLength(final int length, final int expected, final String type)
    {
        if (length != expected)
        {
            throw new IllegalArgumentException("a " + type + " takes " + expected + " bytes, found " + length);
        }
    }
}
