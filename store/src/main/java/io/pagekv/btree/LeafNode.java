package io.pagekv.btree;

import io.pagekv.format.LeafLayout;
import io.pagekv.format.OverflowLayout;
import io.pagekv.format.PageLayout;

import java.util.Arrays;

/**
 * A dirty leaf: keys and their values, each a {@code byte[]} (written inline or as a new
 * overflow run, by size) or an {@link OverflowRef} to a committed run.
 */
final class LeafNode extends Node
{
    private final int pageSize;
    Object[] values;
    /** Pages of the overflow runs that this leaf's new large values will take at commit. */
    int newOverflowPages;

    LeafNode(final int pageSize, final int capacity)
    {
        super(capacity, PageLayout.HEADER_LENGTH);
        this.pageSize = pageSize;
        values = new Object[keys.length];
    }

    @Override
    boolean isLeaf()
    {
        return true;
    }

    private int newOverflowPages(final byte[] key, final Object value)
    {
        if (value instanceof byte[])
        {
            final int length = ((byte[])value).length;
            return Keys.isInline(pageSize, key.length, length) ? 0 : OverflowLayout.pagesFor(length, pageSize);
        }
        return 0;
    }

    int entryBytes(final byte[] key, final Object value)
    {
        if (value instanceof OverflowRef)
        {
            return LeafLayout.entryLength(key.length, LeafLayout.OVERFLOW_REF_LENGTH);
        }
        final int length = ((byte[])value).length;
        return Keys.isInline(pageSize, key.length, length) ?
            LeafLayout.entryLength(key.length, length) :
            LeafLayout.entryLength(key.length, LeafLayout.OVERFLOW_REF_LENGTH);
    }

    void insert(final int index, final byte[] key, final Object value)
    {
        if (size == keys.length)
        {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        System.arraycopy(keys, index, keys, index + 1, size - index);
        System.arraycopy(values, index, values, index + 1, size - index);
        keys[index] = key;
        values[index] = value;
        size++;
        bytes += entryBytes(key, value);
        newOverflowPages += newOverflowPages(key, value);
    }

    void replace(final int index, final Object value)
    {
        bytes += entryBytes(keys[index], value) - entryBytes(keys[index], values[index]);
        newOverflowPages += newOverflowPages(keys[index], value) - newOverflowPages(keys[index], values[index]);
        values[index] = value;
    }

    void remove(final int index)
    {
        bytes -= entryBytes(keys[index], values[index]);
        newOverflowPages -= newOverflowPages(keys[index], values[index]);
        System.arraycopy(keys, index + 1, keys, index, size - index - 1);
        System.arraycopy(values, index + 1, values, index, size - index - 1);
        size--;
        keys[size] = null;
        values[size] = null;
    }

    /**
     * Moves the upper part of this leaf into a new right sibling, splitting by bytes.
     *
     * @return the new right sibling.
     */
    LeafNode split()
    {
        final int half = (bytes - PageLayout.HEADER_LENGTH) / 2;
        int at = 0;
        int left = 0;
        while (at < size - 1 && left < half)
        {
            left += entryBytes(keys[at], values[at]);
            at++;
        }
        at = Math.max(1, at);
        final LeafNode right = new LeafNode(pageSize, size - at);
        for (int i = at; i < size; i++)
        {
            right.insert(i - at, keys[i], values[i]);
        }
        while (size > at)
        {
            remove(size - 1);
        }
        return right;
    }

    /**
     * Appends every entry of {@code right}, whose keys all sort after this leaf's.
     *
     * @param right the right sibling.
     */
    void absorb(final LeafNode right)
    {
        for (int i = 0; i < right.size; i++)
        {
            insert(size, right.keys[i], right.values[i]);
        }
    }
}
