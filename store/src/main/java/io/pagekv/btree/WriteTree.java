package io.pagekv.btree;

import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import io.pagekv.value.ValueReader;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.util.function.IntPredicate;
import java.util.function.LongConsumer;

/**
 * The tree as one write transaction sees it: committed pages, plus the dirty nodes it has copied
 * and changed. A write never touches a committed page; nodes on the path to a change are copied
 * (copy-on-write) and written as new pages by {@link #flush}.
 *
 * <p>Invariants: every ancestor of a dirty node is dirty, so below a committed page everything
 * is committed; no leaf but an empty tree's is empty; siblings merge when one falls under a
 * quarter page and both fit in one.
 *
 * <p>Not thread-safe: owned by the writer thread.
 */
public final class WriteTree
{
    private final PageStore pages;
    private final ValueReader values;
    private final int pageSize;
    private final SupersededPages superseded = new SupersededPages();
    private long rootId;
    private Node rootNode;
    private int depth;
    private long entryCount;
    private boolean changed;
    private boolean writesPatchable;

    /**
     * @param pages      the page store.
     * @param rootId     the committed root, or {@link PageAddress#NONE}.
     * @param depth      the committed depth.
     * @param entryCount the committed entry count.
     */
    public WriteTree(final PageStore pages, final long rootId, final int depth, final long entryCount)
    {
        this(ValueReader.uncached(pages), rootId, depth, entryCount);
    }

    /**
     * @param values     the value reader (its page store, cache and limits).
     * @param rootId     the committed root, or {@link PageAddress#NONE}.
     * @param depth      the committed depth.
     * @param entryCount the committed entry count.
     */
    public WriteTree(final ValueReader values, final long rootId, final int depth, final long entryCount)
    {
        this.values = values;
        this.pages = values.pages();
        this.pageSize = pages.pageSize();
        this.rootId = rootId;
        this.depth = depth;
        this.entryCount = entryCount;
    }

    /** @return entries in the tree, with this transaction's changes. */
    public long entryCount()
    {
        return entryCount;
    }

    /** @return levels in the tree, with this transaction's changes. */
    public int depth()
    {
        return depth;
    }

    /** @return whether this transaction changed anything. */
    public boolean isDirty()
    {
        return changed;
    }

    /**
     * Reads a key as this transaction sees it.
     *
     * @param key the key.
     * @return a copy of its value, or null.
     */
    public byte[] get(final byte[] key)
    {
        Node node = rootNode;
        long id = rootId;
        int level = 0;
        while (node != null)
        {
            if (node.isLeaf())
            {
                return ((LeafNode)node).get(key, values);
            }
            final BranchNode branch = (BranchNode)node;
            final int child = branch.childFor(key);
            node = branch.childNodes[child];
            id = branch.childIds[child];
            level++;
        }
        if (id == PageAddress.NONE)
        {
            return null;
        }
        final TreeCursor cursor = new TreeCursor(values, id, depth - level);
        if (!cursor.seekExact(new UnsafeBuffer(key), 0, key.length))
        {
            return null;
        }
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        cursor.wrapValue(view);
        final byte[] copy = new byte[view.capacity()];
        view.getBytes(0, copy);
        return copy;
    }

    /**
     * Inserts or replaces. The caller has checked the key and value sizes and owns the arrays
     * from now on.
     *
     * @param key   the key.
     * @param value the value.
     */
    public void put(final byte[] key, final byte[] value)
    {
        put(key, value, false);
    }

    /**
     * Inserts or replaces, the value in a run of its own when {@code patchable}: an overflow run
     * flagged {@link io.pagekv.format.PageLayout#FLAG_PATCHABLE}, whatever its size, which
     * patches and counters change in place and compaction never moves.
     *
     * @param key       the key.
     * @param value     the value.
     * @param patchable whether the value goes to a patchable run.
     */
    public void put(final byte[] key, final byte[] value, final boolean patchable)
    {
        put(key, value, false, patchable);
    }

    /**
     * Inserts or replaces with a value stored as an LZ4 block ({@link io.pagekv.value.Lz4Block#compress}).
     * The caller has checked the key and the value's size and owns the arrays from now on.
     *
     * @param key   the key.
     * @param block the value's LZ4 block.
     */
    public void putCompressed(final byte[] key, final byte[] block)
    {
        put(key, block, true, false);
    }

    private void put(final byte[] key, final byte[] value, final boolean compressed, final boolean patchable)
    {
        changed = true;
        writesPatchable |= patchable;
        if (rootNode == null && rootId == PageAddress.NONE)
        {
            final LeafNode leaf = new LeafNode(pageSize, PageAddress.NONE);
            leaf.insert(0, key, value, compressed, patchable);
            rootNode = leaf;
            depth = 1;
            entryCount++;
            return;
        }
        final Node root = dirtyRoot();
        final Split split = insert(root, 0, key, value, compressed, patchable);
        if (split != null)
        {
            final BranchNode newRoot = new BranchNode(2, PageAddress.NONE);
            newRoot.setFirstChild(PageAddress.NONE, root);
            newRoot.insert(0, split.separator(), PageAddress.NONE, split.right());
            rootNode = newRoot;
            depth++;
        }
    }

    /**
     * Deletes a key.
     *
     * @param key the key.
     * @return whether it was present.
     */
    public boolean delete(final byte[] key)
    {
        if (!contains(key))
        {
            return false;
        }
        changed = true;
        final Node root = dirtyRoot();
        final boolean empty = remove(root, 0, key);
        entryCount--;
        if (empty)
        {
            rootNode = null;
            rootId = PageAddress.NONE;
            depth = 0;
        }
        while (rootNode != null && !rootNode.isLeaf() && rootNode.size == 0)
        {
            rootNode = dirtyChild((BranchNode)rootNode, 0, 1);
            depth--;
        }
        return true;
    }

    private boolean contains(final byte[] key)
    {
        Node node = rootNode;
        long id = rootId;
        int level = 0;
        while (node != null)
        {
            if (node.isLeaf())
            {
                return ((LeafNode)node).contains(key);
            }
            final BranchNode branch = (BranchNode)node;
            final int child = branch.childFor(key);
            node = branch.childNodes[child];
            id = branch.childIds[child];
            level++;
        }
        return id != PageAddress.NONE && new TreeCursor(pages, id, depth - level).seekExact(new UnsafeBuffer(key), 0, key.length);
    }

    private Node dirtyRoot()
    {
        if (rootNode == null)
        {
            rootNode = load(rootId, depth == 1);
        }
        return rootNode;
    }

    private Split insert(
        final Node node, final int level, final byte[] key, final byte[] value, final boolean compressed, final boolean patchable)
    {
        if (node.isLeaf())
        {
            final LeafNode leaf = (LeafNode)node;
            if (leaf.put(key, value, compressed, patchable, superseded))
            {
                entryCount++;
            }
            if (leaf.bytes <= pageSize)
            {
                return null;
            }
            final LeafNode right = leaf.split();
            return new Split(right.firstKey(), right);
        }
        final BranchNode branch = (BranchNode)node;
        final int child = branch.childFor(key);
        final Split split = insert(dirtyChild(branch, child, level + 1), level + 1, key, value, compressed, patchable);
        if (split == null)
        {
            return null;
        }
        branch.insert(child, split.separator(), PageAddress.NONE, split.right());
        return branch.bytes <= pageSize ? null : branch.split();
    }

    /**
     * @return whether the subtree became empty: an empty leaf, or a branch whose only child did.
     * An empty subtree is dropped by its parent whatever its siblings' fill, so that no leaf but
     * an empty tree's is ever empty.
     */
    private boolean remove(final Node node, final int level, final byte[] key)
    {
        if (node.isLeaf())
        {
            ((LeafNode)node).delete(key, superseded);
            return node.size == 0;
        }
        final BranchNode branch = (BranchNode)node;
        final int child = branch.childFor(key);
        if (remove(dirtyChild(branch, child, level + 1), level + 1, key))
        {
            if (branch.size == 0)
            {
                return true;
            }
            branch.removeChild(child);
            return false;
        }
        rebalance(branch, child, level + 1);
        return false;
    }

    private void rebalance(final BranchNode parent, final int child, final int childLevel)
    {
        final Node node = parent.childNodes[child];
        if (node.bytes >= pageSize / 4 || parent.size == 0)
        {
            return;
        }
        final int left = child < parent.size ? child : child - 1;
        // A quick estimate before loading the sibling. Empty subtrees never get here: remove()
        // drops them whatever their siblings' fill.
        if (bytesOf(parent, left) + bytesOf(parent, left + 1) > pageSize + (node.isLeaf() ? PageLayout.HEADER_LENGTH : pageSize / 4))
        {
            return;
        }
        final Node leftNode = dirtyChild(parent, left, childLevel);
        final Node rightNode = dirtyChild(parent, left + 1, childLevel);
        if (leftNode.isLeaf())
        {
            if (((LeafNode)leftNode).mergedBytes((LeafNode)rightNode) <= pageSize)
            {
                ((LeafNode)leftNode).absorb((LeafNode)rightNode);
                parent.remove(left);
            }
        }
        else
        {
            final byte[] middle = parent.separator(left);
            if (((BranchNode)leftNode).mergedBytes(middle, (BranchNode)rightNode) <= pageSize)
            {
                ((BranchNode)leftNode).absorb(middle, (BranchNode)rightNode);
                parent.remove(left);
            }
        }
    }

    private int bytesOf(final BranchNode parent, final int child)
    {
        final Node node = parent.childNodes[child];
        if (node != null)
        {
            return node.bytes;
        }
        final long id = parent.childIds[child];
        final Segment segment = pages.segment(id);
        return NodeCodec.usedBytes(segment.buffer(), segment.offset(PageAddress.pageIndex(id)));
    }

    private Node dirtyChild(final BranchNode parent, final int child, final int childLevel)
    {
        Node node = parent.childNodes[child];
        if (node == null)
        {
            node = load(parent.childIds[child], childLevel == depth - 1);
            parent.childNodes[child] = node;
        }
        return node;
    }

    /**
     * Copies a committed page into a dirty node. The page is superseded from now on: its parent
     * will point at the copy, or at nothing if the copy is merged away or emptied.
     */
    Node load(final long pageId, final boolean leaf)
    {
        final Segment segment = pages.segment(pageId);
        final int offset = segment.checkedPage(PageAddress.pageIndex(pageId), leaf ? PageType.LEAF : PageType.BRANCH);
        final Node node = leaf ?
            LeafNode.lazyOf(segment, offset, pageId, pageSize) : BranchNode.of(segment, offset, pageId, pageSize);
        superseded.addPage(node.sourcePageId());
        return node;
    }

    /**
     * Moves pages out of some segments, for compaction: makes dirty every tree page that lies in
     * a segment {@code inSegment} accepts, with the path above it, and gives every committed large
     * value whose run lies there a new run, so that {@link #flush} writes them all anew and nothing
     * reachable from the new root is left in those segments. Stops once about {@code budget}
     * pages are dirty; the caller commits and calls again on a fresh transaction.
     *
     * @param inSegment which segments to empty.
     * @param budget    about how many pages one transaction may take.
     * @return whether every such page is now dirty.
     * @throws IllegalStateException if this transaction changed anything before.
     */
    public boolean relocate(final IntPredicate inSegment, final int budget)
    {
        if (rootNode != null || changed)
        {
            throw new IllegalStateException("relocate needs a transaction that has changed nothing yet");
        }
        if (rootId == PageAddress.NONE)
        {
            return true;
        }
        final Relocation relocation = new Relocation(this, inSegment, budget);
        rootNode = relocation.visit(rootId, 0);
        changed = rootNode != null;
        return relocation.isComplete();
    }

    /**
     * @return whether the transaction puts a patchable value: its commit then checkpoints at
     * once, so that patches and counters never change a page that recovery re-checks
     * (decision 13).
     */
    public boolean writesPatchable()
    {
        return writesPatchable;
    }

    /** @return the page store. */
    PageStore pages()
    {
        return pages;
    }

    /** @return the record of the pages this transaction supersedes. */
    SupersededPages superseded()
    {
        return superseded;
    }

    /**
     * Tells {@code consumer} every committed page this transaction supersedes, each once: the
     * tree pages it copied (they are rewritten or dropped) and every page of the overflow runs of
     * the committed values it replaced or deleted. After {@link #flush} these are exactly the
     * pages reachable from the old root and not from the new one.
     *
     * @param consumer receives page ids, in no particular order.
     */
    public void forEachSupersededPage(final LongConsumer consumer)
    {
        superseded.forEach(consumer);
    }

    /** @return how many pages {@link #forEachSupersededPage} reports. */
    public int supersededPageCount()
    {
        return superseded.count();
    }

    /** @return pages {@link #flush} will write: every dirty node and every new large value. */
    public int pagesToWrite()
    {
        return rootNode == null ? 0 : count(rootNode);
    }

    private int count(final Node node)
    {
        if (node.isLeaf())
        {
            return 1 + ((LeafNode)node).newOverflowPages;
        }
        int pagesNeeded = 1;
        final BranchNode branch = (BranchNode)node;
        for (int i = 0; i < branch.children(); i++)
        {
            if (branch.childNodes[i] != null)
            {
                pagesNeeded += count(branch.childNodes[i]);
            }
        }
        return pagesNeeded;
    }

    /**
     * Writes every dirty node and new large value to {@code sink}, children before parents, and
     * makes the new root the committed root.
     *
     * @param sink where the pages go.
     * @return the new root page id.
     * @throws IOException if the sink fails to write pages out.
     */
    public long flush(final PageSink sink) throws IOException
    {
        if (rootNode != null)
        {
            rootId = write(sink, rootNode);
            rootNode = null;
        }
        return rootId;
    }

    private long write(final PageSink sink, final Node node) throws IOException
    {
        if (node.isLeaf())
        {
            return ((LeafNode)node).writeTo(sink);
        }
        final BranchNode branch = (BranchNode)node;
        for (int i = 0; i < branch.children(); i++)
        {
            if (branch.childNodes[i] != null)
            {
                branch.childIds[i] = write(sink, branch.childNodes[i]);
                branch.childNodes[i] = null;
            }
        }
        final long id = sink.allocate(1);
        NodeCodec.writeBranch(sink, id, branch, pageSize);
        return id;
    }
}
