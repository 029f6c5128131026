package io.pagekv.btree;

/**
 * A dirty B+tree node of a write transaction: copied from its committed page (or new), changed
 * in memory, written as a new page at commit. Keys are kept sorted, unsigned-byte order.
 *
 * <p>Not thread-safe: owned by the writer thread of one transaction.
 */
abstract class Node
{
    byte[][] keys;
    int size;
    /** Bytes the node takes when written as a page. */
    int bytes;

    Node(final int capacity, final int headerBytes)
    {
        keys = new byte[Math.max(4, capacity)][];
        bytes = headerBytes;
    }

    abstract boolean isLeaf();

    /**
     * @param key a key.
     * @return index of {@code key}, or {@code -(insertion point) - 1}.
     */
    final int search(final byte[] key)
    {
        int low = 0;
        int high = size - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int cmp = Keys.compare(keys[mid], key);
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
}
