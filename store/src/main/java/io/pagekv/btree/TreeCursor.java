package io.pagekv.btree;

import io.pagekv.format.BranchLayout;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import io.pagekv.value.ValueDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A position in a committed tree, walked in place in the mapping: a stack of (page, index) from
 * the root to a leaf entry. Allocates nothing while it moves.
 *
 * <p>The leaf it stands on is held apart from the stack, read once when the cursor enters the
 * page (its segment, buffer and entry count), and each move onto an entry finds that entry's cell
 * once; {@link #wrapKey} and {@link #wrapValue} then only point their views at it.
 *
 * <p>Not thread-safe: one thread at a time.
 */
public final class TreeCursor
{
    /** Deepest tree the cursor walks; a 4 KiB-page tree of 2^63 entries is far shallower. */
    public static final int MAX_DEPTH = 32;

    private final PageStore pages;
    private final long root;
    private final int depth;
    /** The branch pages of the path; the leaf is held apart. */
    private final Segment[] segments = new Segment[MAX_DEPTH];
    private final int[] offsets = new int[MAX_DEPTH];
    private final int[] indices = new int[MAX_DEPTH];
    private boolean positioned;
    private long pageLoads;
    private Segment leafSegment;
    private UnsafeBuffer leafBuffer;
    private int leafOffset;
    private int leafCount;
    private int cell;

    /**
     * @param pages the page store.
     * @param root  root page id, or {@link PageAddress#NONE} for an empty tree.
     * @param depth levels in the tree, leaves included (0 when empty).
     */
    public TreeCursor(final PageStore pages, final long root, final int depth)
    {
        if (depth < 0 || depth > MAX_DEPTH)
        {
            throw new IllegalArgumentException("tree depth " + depth + " out of 0.." + MAX_DEPTH);
        }
        this.pages = pages;
        this.root = root;
        this.depth = depth;
    }

    /**
     * Moves to the smallest key.
     *
     * @return false if the tree is empty.
     */
    public boolean first()
    {
        if (root == PageAddress.NONE)
        {
            return positioned = false;
        }
        load(0, root);
        descendFirst(0);
        return positioned = true;
    }

    /**
     * Moves to the largest key.
     *
     * @return false if the tree is empty.
     */
    public boolean last()
    {
        if (root == PageAddress.NONE)
        {
            return positioned = false;
        }
        load(0, root);
        descendLast(0);
        return positioned = true;
    }

    /**
     * Moves to the smallest key greater than or equal to {@code key}.
     *
     * @param key    buffer holding the key.
     * @param keyOff offset of the key.
     * @param keyLen length of the key.
     * @return false if there is no such key.
     */
    public boolean seek(final DirectBuffer key, final int keyOff, final int keyLen)
    {
        final int found = descend(key, keyOff, keyLen);
        if (found == NOT_IN_TREE)
        {
            return positioned = false;
        }
        final int index = found >= 0 ? found : -found - 1;
        positioned = true;
        if (index < leafCount)
        {
            enter(index);
            return true;
        }
        indices[depth - 1] = leafCount - 1;
        return next();
    }

    /**
     * Moves to {@code key} if it is present.
     *
     * @param key    buffer holding the key.
     * @param keyOff offset of the key.
     * @param keyLen length of the key.
     * @return whether the key is present; if not, the cursor is not positioned.
     */
    public boolean seekExact(final DirectBuffer key, final int keyOff, final int keyLen)
    {
        final int found = descend(key, keyOff, keyLen);
        if (found < 0)
        {
            return positioned = false;
        }
        enter(found);
        return positioned = true;
    }

    /**
     * Moves to the largest key less than {@code key}.
     *
     * @param key    buffer holding the key.
     * @param keyOff offset of the key.
     * @param keyLen length of the key.
     * @return false if there is no such key.
     */
    public boolean seekBefore(final DirectBuffer key, final int keyOff, final int keyLen)
    {
        return seek(key, keyOff, keyLen) ? prev() : last();
    }

    private static final int NOT_IN_TREE = Integer.MIN_VALUE;

    private int descend(final DirectBuffer key, final int keyOff, final int keyLen)
    {
        if (root == PageAddress.NONE)
        {
            return NOT_IN_TREE;
        }
        load(0, root);
        for (int level = 0; level < depth - 1; level++)
        {
            final int child = PageSearch.branch(segments[level].buffer(), offsets[level], key, keyOff, keyLen);
            indices[level] = child;
            load(level + 1, child(level, child));
        }
        return PageSearch.leaf(leafBuffer, leafOffset, key, keyOff, keyLen);
    }

    /**
     * Moves to the next key.
     *
     * @return false, and no longer positioned, if there is none.
     */
    public boolean next()
    {
        if (!positioned)
        {
            return false;
        }
        final int leaf = depth - 1;
        final int index = indices[leaf] + 1;
        if (index < leafCount)
        {
            enter(index);
            return true;
        }
        for (int level = leaf - 1; level >= 0; level--)
        {
            if (indices[level] < count(level))
            {
                indices[level]++;
                load(level + 1, child(level, indices[level]));
                descendFirst(level + 1);
                return true;
            }
        }
        return positioned = false;
    }

    /**
     * Moves to the previous key.
     *
     * @return false, and no longer positioned, if there is none.
     */
    public boolean prev()
    {
        if (!positioned)
        {
            return false;
        }
        final int leaf = depth - 1;
        final int index = indices[leaf] - 1;
        if (index >= 0)
        {
            enter(index);
            return true;
        }
        for (int level = leaf - 1; level >= 0; level--)
        {
            if (indices[level] > 0)
            {
                indices[level]--;
                load(level + 1, child(level, indices[level]));
                descendLast(level + 1);
                return true;
            }
        }
        return positioned = false;
    }

    /**
     * Points {@code view} at the current key, zero-copy.
     *
     * @param view the flyweight to wrap.
     */
    public void wrapKey(final UnsafeBuffer view)
    {
        view.wrap(leafBuffer, cell + LeafLayout.KEY_OFFSET, LeafLayout.keyLength(leafBuffer, cell));
    }

    /**
     * Points {@code view} at the current value, zero-copy (inline in the leaf, or the overflow
     * run), through the {@link ValueDecoder}.
     *
     * @param view the flyweight to wrap.
     * @throws io.pagekv.CorruptStoreException if the value's cell or run is refused.
     */
    public void wrapValue(final UnsafeBuffer view)
    {
        ValueDecoder.wrap(pages, leafSegment, cell, view);
    }

    /**
     * @return whether the current value lies in a patchable run (put with {@code putPatchable}).
     */
    public boolean isPatchableValue()
    {
        final UnsafeBuffer buffer = leafSegment.buffer();
        return LeafLayout.valueKind(buffer, cell) == LeafLayout.VALUE_OVERFLOW &&
            LeafNode.isPatchable(pages, buffer.getLong(LeafLayout.valueOffset(buffer, cell), FormatVersion.ORDER));
    }

    private void descendFirst(final int from)
    {
        for (int level = from; level < depth - 1; level++)
        {
            indices[level] = 0;
            load(level + 1, child(level, 0));
        }
        enter(0);
    }

    private void descendLast(final int from)
    {
        for (int level = from; level < depth - 1; level++)
        {
            final int last = count(level);
            indices[level] = last;
            load(level + 1, child(level, last));
        }
        enter(leafCount - 1);
    }

    /** Moves onto entry {@code index} of the current leaf and finds its cell. */
    private void enter(final int index)
    {
        indices[depth - 1] = index;
        cell = LeafLayout.cell(leafBuffer, leafOffset, index);
    }

    private int count(final int level)
    {
        return PageLayout.count(segments[level].buffer(), offsets[level]);
    }

    private long child(final int level, final int index)
    {
        return BranchLayout.child(segments[level].buffer(), offsets[level], index);
    }

    private void load(final int level, final long pageId)
    {
        final Segment segment = pages.segment(pageId);
        final int pageIndex = PageAddress.pageIndex(pageId);
        final boolean leaf = level == depth - 1;
        final int offset = segment.checkedPage(pageIndex, leaf ? PageType.LEAF : PageType.BRANCH);
        if (leaf)
        {
            enterLeaf(segment, pageIndex, offset);
        }
        else
        {
            segments[level] = segment;
            offsets[level] = offset;
        }
        pageLoads++;
    }

    private void enterLeaf(final Segment segment, final int pageIndex, final int offset)
    {
        final int count = PageLayout.count(segment.buffer(), offset);
        if (count == 0)
        {
            throw segment.corrupt(pageIndex, offset + PageLayout.COUNT_OFFSET, "leaf page has no entries");
        }
        leafSegment = segment;
        leafBuffer = segment.buffer();
        leafOffset = offset;
        leafCount = count;
    }

    /**
     * @return how many pages the cursor has moved onto so far; changes when it leaves a page.
     */
    public long pageLoads()
    {
        return pageLoads;
    }
}
