package io.pagekv.btree;

import io.pagekv.format.PageAddress;

/**
 * A dirty B+tree node of a write transaction: copied from its committed page (or new), changed
 * in memory, written as a new page at commit. Keys are kept sorted, unsigned-byte order.
 *
 * <p>A node remembers the committed page it was copied from (bbolt's {@code node.pgid}):
 * {@link PageAddress#NONE} for a new node. When a node splits, the left half is the node itself
 * and keeps the id; the right half is new. When two siblings merge, the left one absorbs the
 * right one and keeps its own id. The commit learns what it supersedes from {@link WriteTree},
 * which records each page as it copies it, so dropped and merged nodes are counted too.
 *
 * <p>Not thread-safe: owned by the writer thread of one transaction.
 */
abstract class Node
{
    private final long sourcePageId;
    int size;
    /** Bytes the node takes when written as a page. */
    int bytes;

    Node(final int headerBytes, final long sourcePageId)
    {
        this.bytes = headerBytes;
        this.sourcePageId = sourcePageId;
    }

    /**
     * @return the committed page this node was copied from, or {@link PageAddress#NONE} if new.
     */
    final long sourcePageId()
    {
        return sourcePageId;
    }

    abstract boolean isLeaf();
}
