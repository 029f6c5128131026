package io.pagekv.btree;

import java.util.Arrays;

/**
 * The changes a write transaction made to one committed leaf, sorted by key, until the leaf is
 * written (merged with its page in one pass, {@link LeafNode#writeTo}) or needs its entries by
 * index (a split, a merge with a sibling, compaction renewing a run) and is copied after all.
 * Each entry is a put (the stored bytes, owned) or, for a key of the committed page, a deletion.
 *
 * <p>Most leaves of a batch of random keys get one or two changes per commit: this keeps their
 * cost to the changes and one copy of the page at commit, with no image of the page in memory.
 */
final class LeafDelta
{
    /** Flag: the stored bytes are an LZ4 block. */
    static final int COMPRESSED = 1;
    /** Flag: the value goes to a patchable run of its own. */
    static final int PATCHABLE = 2;
    /** Flag: the key is in the committed page; this entry replaces or deletes it there. */
    static final int IN_PAGE = 4;

    /** Shared by every delta until its first change: a leaf that compaction only moves gets none. */
    private static final byte[][] NONE = new byte[0][];
    private static final byte[] NO_FLAGS = new byte[0];
    private static final int[] NO_INDEXES = new int[0];

    private byte[][] keys = NONE;
    private byte[][] stored = NONE;
    private byte[] flags = NO_FLAGS;
    /** Where each key lies in the committed page, as the leaf's page search said when the change was made. */
    private int[] pageIndexes = NO_INDEXES;
    private int count;

    /** @return how many changes. */
    int count()
    {
        return count;
    }

    /**
     * @param key a key.
     * @return index of the change to {@code key}, or {@code -(insertion point) - 1}.
     */
    int search(final byte[] key)
    {
        return Keys.search(keys, count, key);
    }

    /** @return the key of change {@code index}. */
    byte[] key(final int index)
    {
        return keys[index];
    }

    /** @return the stored bytes of change {@code index}, or null if it deletes its key. */
    byte[] stored(final int index)
    {
        return stored[index];
    }

    /** @return the flags of change {@code index}: {@link #COMPRESSED}, {@link #PATCHABLE}, {@link #IN_PAGE}. */
    int flags(final int index)
    {
        return flags[index];
    }

    /**
     * @return where the key of change {@code index} lies in the committed page: its entry index,
     * or {@code -(insertion point) - 1}. The page never changes while the transaction lasts, and
     * a split shares it, so the index stays true.
     */
    int pageIndex(final int index)
    {
        return pageIndexes[index];
    }

    /**
     * Inserts a change at {@code index}, an insertion point of {@link #search}.
     *
     * @param value     the stored bytes, or null for a deletion.
     * @param pageIndex where the key lies in the committed page, as the page search says.
     */
    void insert(final int index, final byte[] key, final byte[] value, final int flagBits, final int pageIndex)
    {
        if (count == keys.length)
        {
            final int capacity = Math.max(2, count * 2);
            keys = Arrays.copyOf(keys, capacity);
            stored = Arrays.copyOf(stored, capacity);
            flags = Arrays.copyOf(flags, capacity);
            pageIndexes = Arrays.copyOf(pageIndexes, capacity);
        }
        System.arraycopy(keys, index, keys, index + 1, count - index);
        System.arraycopy(stored, index, stored, index + 1, count - index);
        System.arraycopy(flags, index, flags, index + 1, count - index);
        System.arraycopy(pageIndexes, index, pageIndexes, index + 1, count - index);
        keys[index] = key;
        stored[index] = value;
        flags[index] = (byte)flagBits;
        pageIndexes[index] = pageIndex;
        count++;
    }

    /**
     * Replaces change {@code index}, keeping its key and whether the key is in the page.
     *
     * @param value the stored bytes, or null for a deletion.
     */
    void set(final int index, final byte[] value, final int flagBits)
    {
        stored[index] = value;
        flags[index] = (byte)((flags[index] & IN_PAGE) | flagBits);
    }

    /**
     * Moves the changes from {@code index} on into a new delta, for the right half of a split.
     *
     * @return the new delta.
     */
    LeafDelta splitOff(final int index)
    {
        final LeafDelta right = new LeafDelta();
        final int moved = count - index;
        right.keys = Arrays.copyOfRange(keys, index, index + Math.max(2, moved));
        right.stored = Arrays.copyOfRange(stored, index, index + Math.max(2, moved));
        right.flags = Arrays.copyOfRange(flags, index, index + Math.max(2, moved));
        right.pageIndexes = Arrays.copyOfRange(pageIndexes, index, index + Math.max(2, moved));
        right.count = moved;
        Arrays.fill(keys, index, count, null);
        Arrays.fill(stored, index, count, null);
        count = index;
        return right;
    }

    /** Drops change {@code index}: its key was new to the page and is deleted again. */
    void remove(final int index)
    {
        System.arraycopy(keys, index + 1, keys, index, count - index - 1);
        System.arraycopy(stored, index + 1, stored, index, count - index - 1);
        System.arraycopy(flags, index + 1, flags, index, count - index - 1);
        System.arraycopy(pageIndexes, index + 1, pageIndexes, index, count - index - 1);
        count--;
        keys[count] = null;
        stored[count] = null;
    }
}
