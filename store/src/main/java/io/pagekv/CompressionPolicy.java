package io.pagekv;

import io.pagekv.value.Lz4Block;

/**
 * When a put stores its value LZ4-compressed: never ({@link #off()}, the default), or when the
 * value is at least {@code minBytes} long and its LZ4 block saves at least
 * {@code minSavingPercent} of it ({@link #lz4}). A store's policy is set with
 * {@link StoreOptions#withCompression}; one put may override it
 * ({@link WriteTxn#put(byte[], byte[], CompressionPolicy)}). Values that will be patched in place
 * or used as counters must be put with {@link #off()}.
 *
 * <p>A compressed value reads back the same; reads inflate it once and keep the inflated bytes
 * in the read cache ({@link StoreOptions#withValueCache}). Immutable.
 */
public final class CompressionPolicy
{
    private static final CompressionPolicy OFF = new CompressionPolicy(false, 0, 0);

    private final boolean enabled;
    private final int minBytes;
    private final int minSavingPercent;

    private CompressionPolicy(final boolean enabled, final int minBytes, final int minSavingPercent)
    {
        this.enabled = enabled;
        this.minBytes = minBytes;
        this.minSavingPercent = minSavingPercent;
    }

    /**
     * @return values are stored as they are.
     */
    public static CompressionPolicy off()
    {
        return OFF;
    }

    /**
     * @param minBytes         the shortest value worth trying, at least 0.
     * @param minSavingPercent the least saving worth the inflating on every uncached read, in
     *                         percent of the value's length, 0 to 99; a value whose block saves
     *                         less (or nothing) is stored as it is.
     * @return the policy.
     * @throws IllegalArgumentException if an argument is out of range.
     */
    public static CompressionPolicy lz4(final int minBytes, final int minSavingPercent)
    {
        if (minBytes < 0 || minSavingPercent < 0 || minSavingPercent > 99)
        {
            throw new IllegalArgumentException("LZ4 policy needs minBytes >= 0 and minSavingPercent 0 to 99, got " + minBytes +
                " and " + minSavingPercent);
        }
        return new CompressionPolicy(true, minBytes, minSavingPercent);
    }

    /** @return whether values may be compressed. */
    public boolean isEnabled()
    {
        return enabled;
    }

    /** @return the shortest value that is tried. */
    public int minBytes()
    {
        return minBytes;
    }

    /** @return the least saving, in percent, for a value to be stored compressed. */
    public int minSavingPercent()
    {
        return minSavingPercent;
    }

    /**
     * @param value a value.
     * @return its LZ4 block if this policy stores it compressed, else null.
     */
    byte[] compress(final byte[] value)
    {
        return enabled && value.length >= minBytes ? Lz4Block.compress(value, minSavingPercent) : null;
    }

    @Override
    public String toString()
    {
        return enabled ? "lz4(minBytes=" + minBytes + ", minSavingPercent=" + minSavingPercent + ")" : "off";
    }
}
