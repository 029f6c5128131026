package io.pagekv.cli;

import java.util.Arrays;

/**
 * The key range of a scan: {@code [from, to)} narrowed to the keys starting with a prefix.
 * Null bounds are open. Keys compare as unsigned bytes, as the store orders them.
 *
 * @param from first key, inclusive, or null.
 * @param to   end key, exclusive, or null.
 */
record ScanRange(byte[] from, byte[] to)
{
    /**
     * @param prefix keys must start with it; null or empty for any key.
     * @param from   first key, inclusive, or null.
     * @param to     end key, exclusive, or null.
     * @return the intersection of {@code [from, to)} and the prefix's range.
     */
    static ScanRange of(final byte[] prefix, final byte[] from, final byte[] to)
    {
        if (prefix == null || prefix.length == 0)
        {
            return new ScanRange(from, to);
        }
        return new ScanRange(max(from, prefix), min(to, successor(prefix)));
    }

    /**
     * @return whether the range has any bound.
     */
    boolean isBounded()
    {
        return from != null || to != null;
    }

    /**
     * @param prefix a non-empty prefix.
     * @return the smallest key above every key that starts with {@code prefix}, or null if none is.
     */
    static byte[] successor(final byte[] prefix)
    {
        for (int i = prefix.length - 1; i >= 0; i--)
        {
            if (prefix[i] != (byte)0xFF)
            {
                final byte[] next = Arrays.copyOf(prefix, i + 1);
                next[i]++;
                return next;
            }
        }
        return null;
    }

    private static byte[] max(final byte[] a, final byte[] b)
    {
        return a == null ? b : Arrays.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static byte[] min(final byte[] a, final byte[] b)
    {
        if (a == null || b == null)
        {
            return a == null ? b : a;
        }
        return Arrays.compareUnsigned(a, b) <= 0 ? a : b;
    }
}
