package io.pagekv.btree;

import io.pagekv.format.BranchLayout;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import io.pagekv.codec.Codec;
import io.pagekv.value.ValueDecoder;
import io.pagekv.value.ValueReader;
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
    private final ValueReader values;
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
    /** The current entry's key length, read with its cell header. */
    private int keyLength;
    /**
     * The current entry's value length when its bytes lie inline in the leaf, raw, flags 0, and
     * end inside the leaf page: the one case {@link #wrapValue} points at without the
     * {@link ValueReader}; else {@link #NOT_PLAIN_INLINE}.
     */
    private int plainInlineLength;
    private final int pageMask;

    private static final int NOT_PLAIN_INLINE = -1;

    /**
     * @param pages the page store.
     * @param root  root page id, or {@link PageAddress#NONE} for an empty tree.
     * @param depth levels in the tree, leaves included (0 when empty).
     */
    public TreeCursor(final PageStore pages, final long root, final int depth)
    {
        this(ValueReader.uncached(pages), root, depth);
    }

    /**
     * @param values the value reader: its page store, and the cache and limits values are read with.
     * @param root   root page id, or {@link PageAddress#NONE} for an empty tree.
     * @param depth  levels in the tree, leaves included (0 when empty).
     */
    public TreeCursor(final ValueReader values, final long root, final int depth)
    {
        if (depth < 0 || depth > MAX_DEPTH)
        {
            throw new IllegalArgumentException("tree depth " + depth + " out of 0.." + MAX_DEPTH);
        }
        this.values = values;
        this.pages = values.pages();
        this.root = root;
        this.depth = depth;
        this.pageMask = pages.pageSize() - 1;
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
        view.wrap(leafBuffer, cell + LeafLayout.KEY_OFFSET, keyLength);
    }

    /**
     * Points {@code view} at the current value through the {@link ValueReader}: zero-copy (inline
     * in the leaf, or the overflow run), or the inflated bytes of a compressed value.
     *
     * @param view the flyweight to wrap.
     * @throws io.pagekv.CorruptStoreException if the value's cell, run or block is refused.
     */
    public void wrapValue(final UnsafeBuffer view)
    {
        if (plainInlineLength != NOT_PLAIN_INLINE)
        {
            view.wrap(leafBuffer, cell + LeafLayout.KEY_OFFSET + keyLength, plainInlineLength);
        }
        else
        {
            values.wrap(leafSegment, cell, view);
        }
    }

    /**
     * Points {@code view} at the current value's stored bytes, zero-copy: the value, or its LZ4
     * block; for copies that keep values as they are stored.
     *
     * @param view the flyweight to wrap.
     * @return the value kind: {@link io.pagekv.value.ValueKind#isCompressed} says whether the view holds an LZ4 block.
     * @throws io.pagekv.CorruptStoreException if the value's cell or run is refused.
     */
    public int wrapStoredValue(final UnsafeBuffer view)
    {
        return ValueDecoder.wrapStored(pages, leafSegment, cell, view);
    }

    /**
     * Decodes the current value with {@code codec}, through the read cache.
     *
     * @param codec   the codec.
     * @param scratch a view this call may re-point.
     * @param <T>     the value type.
     * @return the decoded value.
     * @throws io.pagekv.CorruptStoreException if the value's cell, run or block is refused.
     */
    public <T> T decodeValue(final Codec<T> codec, final UnsafeBuffer scratch)
    {
        return values.decode(leafSegment, cell, codec, scratch);
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

    /**
     * Moves onto entry {@code index} of the current leaf, finds its cell and reads its header in
     * one load: the key length, and whether the value is plain inline bytes that end in the page
     * (any other case, damage included, goes through the {@link ValueReader}, which checks it).
     */
    private void enter(final int index)
    {
        indices[depth - 1] = index;
        final int at = LeafLayout.cell(leafBuffer, leafOffset, index);
        final long header = LeafLayout.header(leafBuffer, at);
        final int keyBytes = LeafLayout.keyLength(header);
        final int valueBytes = LeafLayout.valueLength(header);
        final long valueEnd = (long)at + LeafLayout.KEY_OFFSET + keyBytes + valueBytes;
        cell = at;
        keyLength = keyBytes;
        plainInlineLength = LeafLayout.isPlainInline(header) && valueBytes >= 0 && valueEnd <= (at | pageMask) + 1L ?
            valueBytes : NOT_PLAIN_INLINE;
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
