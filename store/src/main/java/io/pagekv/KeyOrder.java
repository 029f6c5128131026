package io.pagekv;

import java.util.Arrays;

/**
 * The order in which a batch's changes are applied (decision 75): by key, as unsigned bytes, and
 * the changes of one key in the order they were added, so that the later one still wins. A batch
 * applied in key order reaches the leaves of the tree in their order: the branches on the way
 * stay in the processor's cache from one change to the next, and the leaves a commit wrote
 * together are read together.
 *
 * <p>A stable merge sort of change indices. Keys are compared by their first eight bytes as an
 * unsigned {@code long} first (a key shorter than that padded with zeros), and whole only when
 * those are equal. A batch added in key order is checked in one pass and not sorted, and halves
 * already in order are copied rather than merged.
 */
final class KeyOrder
{
    private KeyOrder()
    {
    }

    /**
     * @param keys the changes' keys, in the order added.
     * @return the change indices in the order to apply them: by key, equal keys by index.
     */
    static int[] of(final byte[][] keys)
    {
        final int count = keys.length;
        final int[] order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }
        final long[] prefixes = new long[count];
        boolean sorted = true;
        for (int i = 0; i < count; i++)
        {
            prefixes[i] = prefix(keys[i]);
            sorted &= i == 0 || compare(keys, prefixes, i - 1, i) <= 0;
        }
        if (!sorted)
        {
            mergeSort(keys, prefixes, order, order.clone(), 0, count);
        }
        return order;
    }

    /**
     * Sorts {@code order[from, to)}, stable, using {@code scratch}, which holds the same indices
     * in that range on entry.
     */
    private static void mergeSort(
        final byte[][] keys, final long[] prefixes, final int[] order, final int[] scratch, final int from, final int to)
    {
        if (to - from < 2)
        {
            return;
        }
        final int middle = (from + to) >>> 1;
        // Each half is sorted into scratch, then the halves are merged back into order.
        mergeSort(keys, prefixes, scratch, order, from, middle);
        mergeSort(keys, prefixes, scratch, order, middle, to);
        if (compare(keys, prefixes, scratch[middle - 1], scratch[middle]) <= 0)
        {
            System.arraycopy(scratch, from, order, from, to - from);
            return;
        }
        int left = from;
        int right = middle;
        for (int out = from; out < to; out++)
        {
            // Ties take the left half's change: it was added first.
            if (right >= to || left < middle && compare(keys, prefixes, scratch[left], scratch[right]) <= 0)
            {
                order[out] = scratch[left++];
            }
            else
            {
                order[out] = scratch[right++];
            }
        }
    }

    private static int compare(final byte[][] keys, final long[] prefixes, final int a, final int b)
    {
        final int byPrefix = Long.compareUnsigned(prefixes[a], prefixes[b]);
        return byPrefix != 0 ? byPrefix : Arrays.compareUnsigned(keys[a], keys[b]);
    }

    /** @return the key's first eight bytes, big-endian, padded with zeros. */
    private static long prefix(final byte[] key)
    {
        long prefix = 0;
        for (int i = 0; i < Long.BYTES; i++)
        {
            prefix = prefix << 8 | (i < key.length ? key[i] & 0xFF : 0);
        }
        return prefix;
    }
}
