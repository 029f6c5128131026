package io.pagekv.bench.kv;

import java.nio.ByteBuffer;

/**
 * The benchmark keys: a {@code long} written as 8 bytes, big-endian, so that byte order is
 * numeric order for non-negative keys.
 */
public final class Keys
{
    /** Bytes per key. */
    public static final int SIZE = Long.BYTES;

    private Keys()
    {
    }

    /**
     * @param key the key.
     * @return a new array holding it.
     */
    public static byte[] encode(final long key)
    {
        return encode(key, new byte[SIZE]);
    }

    /**
     * @param key  the key.
     * @param into an array of at least {@link #SIZE} bytes.
     * @return {@code into}, holding the key.
     */
    public static byte[] encode(final long key, final byte[] into)
    {
        for (int i = SIZE - 1, shift = 0; i >= 0; i--, shift += Byte.SIZE)
        {
            into[i] = (byte)(key >>> shift);
        }
        return into;
    }

    /**
     * @param bytes an encoded key.
     * @return the key.
     */
    public static long decode(final byte[] bytes)
    {
        return ByteBuffer.wrap(bytes).getLong();
    }
}
