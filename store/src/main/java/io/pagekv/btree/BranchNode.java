package io.pagekv.btree;

import io.pagekv.format.BranchLayout;
import io.pagekv.format.PageAddress;

import java.util.Arrays;

/**
 * A dirty branch: separator keys and children, each child either a committed page id or a dirty
 * {@link Node} (then its page id slot holds no meaning until commit).
 */
final class BranchNode extends Node
{
    static final int HEADER_BYTES = BranchLayout.SLOTS_OFFSET;

    byte[][] keys;
    long[] childIds;
    Node[] childNodes;

    /**
     * @param capacity     separators to make room for.
     * @param sourcePageId the committed page copied, or {@link PageAddress#NONE} for a new branch.
     */
    BranchNode(final int capacity, final long sourcePageId)
    {
        super(HEADER_BYTES, sourcePageId);
        keys = new byte[Math.max(4, capacity)][];
        childIds = new long[keys.length + 1];
        childNodes = new Node[keys.length + 1];
    }

    /**
     * @param key a key.
     * @return index of {@code key} among the separators, or {@code -(insertion point) - 1}.
     */
    int search(final byte[] key)
    {
        return Keys.search(keys, size, key);
    }

    @Override
    boolean isLeaf()
    {
        return false;
    }

    int children()
    {
        return size + 1;
    }

    /**
     * @param key a key.
     * @return index of the child whose range holds the key.
     */
    int childFor(final byte[] key)
    {
        final int found = search(key);
        return found >= 0 ? found + 1 : -found - 1;
    }

    void setFirstChild(final long pageId, final Node node)
    {
        childIds[0] = pageId;
        childNodes[0] = node;
    }

    /**
     * Inserts separator {@code key} at {@code index} with child {@code index + 1} on its right.
     */
    void insert(final int index, final byte[] key, final long childId, final Node childNode)
    {
        if (size == keys.length)
        {
            keys = Arrays.copyOf(keys, size * 2);
            childIds = Arrays.copyOf(childIds, size * 2 + 1);
            childNodes = Arrays.copyOf(childNodes, size * 2 + 1);
        }
        System.arraycopy(keys, index, keys, index + 1, size - index);
        System.arraycopy(childIds, index + 1, childIds, index + 2, size - index);
        System.arraycopy(childNodes, index + 1, childNodes, index + 2, size - index);
        keys[index] = key;
        childIds[index + 1] = childId;
        childNodes[index + 1] = childNode;
        size++;
        bytes += BranchLayout.entryLength(key.length);
    }

    /**
     * Removes separator {@code index} and child {@code index + 1}.
     */
    void remove(final int index)
    {
        bytes -= BranchLayout.entryLength(keys[index].length);
        System.arraycopy(keys, index + 1, keys, index, size - index - 1);
        System.arraycopy(childIds, index + 2, childIds, index + 1, size - index - 1);
        System.arraycopy(childNodes, index + 2, childNodes, index + 1, size - index - 1);
        size--;
        keys[size] = null;
        childNodes[size + 1] = null;
    }

    /**
     * Removes child {@code child} and the separator that bounds it: the one on its left, or for
     * the first child the one on its right.
     */
    void removeChild(final int child)
    {
        if (child > 0)
        {
            remove(child - 1);
            return;
        }
        childIds[0] = childIds[1];
        childNodes[0] = childNodes[1];
        bytes -= BranchLayout.entryLength(keys[0].length);
        System.arraycopy(keys, 1, keys, 0, size - 1);
        System.arraycopy(childIds, 2, childIds, 1, size - 1);
        System.arraycopy(childNodes, 2, childNodes, 1, size - 1);
        size--;
        keys[size] = null;
        childNodes[size + 1] = null;
    }

    /**
     * Splits around a middle separator, which moves up to the parent.
     *
     * @return the middle key in slot 0 of the returned sibling's holder; see {@link Split}.
     */
    Split split()
    {
        final int half = (bytes - HEADER_BYTES) / 2;
        int mid = 0;
        int left = 0;
        while (mid < size - 2 && left < half)
        {
            left += BranchLayout.entryLength(keys[mid].length);
            mid++;
        }
        mid = Math.max(1, mid);
        final byte[] up = keys[mid];
        final BranchNode right = new BranchNode(size - mid, PageAddress.NONE);
        right.setFirstChild(childIds[mid + 1], childNodes[mid + 1]);
        for (int i = mid + 1; i < size; i++)
        {
            right.insert(i - mid - 1, keys[i], childIds[i + 1], childNodes[i + 1]);
        }
        while (size > mid)
        {
            remove(size - 1);
        }
        return new Split(up, right);
    }

    /**
     * Appends separator {@code middle} and every separator and child of {@code right}.
     */
    void absorb(final byte[] middle, final BranchNode right)
    {
        insert(size, middle, right.childIds[0], right.childNodes[0]);
        for (int i = 0; i < right.size; i++)
        {
            insert(size, right.keys[i], right.childIds[i + 1], right.childNodes[i + 1]);
        }
    }

    int mergedBytes(final byte[] middle, final BranchNode right)
    {
        return bytes + BranchLayout.entryLength(middle.length) + right.bytes - HEADER_BYTES;
    }
}
