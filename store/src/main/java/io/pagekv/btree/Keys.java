package io.pagekv.btree;

import io.pagekv.format.LeafLayout;
import io.pagekv.format.PageLayout;
import org.agrona.DirectBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Key order: unsigned lexicographic bytes, a shorter key before any longer key it prefixes.
 * Also the size limits that keep at least four entries in every page.
 */
public final class Keys
{
    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Keys()
    {
    }

    /**
     * Compares two keys held in buffers.
     *
     * @param a    first buffer.
     * @param aOff offset of the first key.
     * @param aLen length of the first key.
     * @param b    second buffer.
     * @param bOff offset of the second key.
     * @param bLen length of the second key.
     * @return negative, zero or positive as the first key sorts before, with, or after the second.
     */
    public static int compare(
        final DirectBuffer a, final int aOff, final int aLen, final DirectBuffer b, final int bOff, final int bLen)
    {
        final int min = Math.min(aLen, bLen);
        int i = 0;
        for (; i + 8 <= min; i += 8)
        {
            final long x = a.getLong(aOff + i, ByteOrder.BIG_ENDIAN);
            final long y = b.getLong(bOff + i, ByteOrder.BIG_ENDIAN);
            if (x != y)
            {
                return Long.compareUnsigned(x, y);
            }
        }
        for (; i < min; i++)
        {
            final int x = a.getByte(aOff + i) & 0xFF;
            final int y = b.getByte(bOff + i) & 0xFF;
            if (x != y)
            {
                return x - y;
            }
        }
        return aLen - bLen;
    }

    /**
     * Compares a key held in a buffer with one held in an array, eight bytes at a time.
     *
     * @param buffer the buffer.
     * @param from   offset of the first key.
     * @param length length of the first key.
     * @param key    the second key.
     * @return negative, zero or positive as the first key sorts before, with, or after {@code key}.
     */
    static int compare(final DirectBuffer buffer, final int from, final int length, final byte[] key)
    {
        final int common = Math.min(length, key.length);
        int i = 0;
        for (; i + Long.BYTES <= common; i += Long.BYTES)
        {
            final long x = buffer.getLong(from + i, ByteOrder.BIG_ENDIAN);
            final long y = (long)BIG_ENDIAN_LONG.get(key, i);
            if (x != y)
            {
                return Long.compareUnsigned(x, y);
            }
        }
        for (; i < common; i++)
        {
            final int cmp = (buffer.getByte(from + i) & 0xFF) - (key[i] & 0xFF);
            if (cmp != 0)
            {
                return cmp;
            }
        }
        return length - key.length;
    }

    /**
     * @param a first key.
     * @param b second key.
     * @return negative, zero or positive as {@code a} sorts before, with, or after {@code b}.
     */
    public static int compare(final byte[] a, final byte[] b)
    {
        return java.util.Arrays.compareUnsigned(a, b);
    }

    /**
     * Binary search of sorted keys held as arrays.
     *
     * @param keys  keys in {@link #compare(byte[], byte[])} order.
     * @param count how many of {@code keys} to search, from the first.
     * @param key   the key to find.
     * @return index of {@code key}, or {@code -(insertion point) - 1}.
     */
    static int search(final byte[][] keys, final int count, final byte[] key)
    {
        int low = 0;
        int high = count - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int cmp = compare(keys[mid], key);
            if (cmp < 0)
            {
                low = mid + 1;
            }
            else if (cmp > 0)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -(low + 1);
    }

    /**
     * @param pageSize the page size.
     * @return the largest entry that stays inline in a leaf: a quarter of the page body, so
     * that every page holds at least four entries and a split always leaves two valid halves.
     */
    public static int maxInlineEntry(final int pageSize)
    {
        return (pageSize - PageLayout.HEADER_LENGTH) / 4;
    }

    /**
     * @param pageSize the page size.
     * @return the largest key: one whose entry with an overflow reference is still inline.
     */
    public static int maxKeySize(final int pageSize)
    {
        return maxInlineEntry(pageSize) - LeafLayout.entryLength(0, LeafLayout.OVERFLOW_REF_LENGTH);
    }

    /**
     * @param pageSize    the page size.
     * @param keyLength   the key's length.
     * @param valueLength the value's length.
     * @return whether the value is stored inline in the leaf rather than in an overflow run.
     */
    public static boolean isInline(final int pageSize, final int keyLength, final int valueLength)
    {
        return LeafLayout.entryLength(keyLength, valueLength) <= maxInlineEntry(pageSize);
    }
}
