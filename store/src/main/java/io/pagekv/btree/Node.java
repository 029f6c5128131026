package io.pagekv.btree;

/**
 * A dirty B+tree node of a write transaction: copied from its committed page (or new), changed
 * in memory, written as a new page at commit. Keys are kept sorted, unsigned-byte order.
 *
 * <p>Not thread-safe: owned by the writer thread of one transaction.
 */
abstract class Node
{
    int size;
    /** Bytes the node takes when written as a page. */
    int bytes;

    Node(final int headerBytes)
    {
        bytes = headerBytes;
    }

    abstract boolean isLeaf();

    /**
     * @param key a key.
     * @return index of {@code key}, or {@code -(insertion point) - 1}.
     */
    abstract int search(byte[] key);
}
