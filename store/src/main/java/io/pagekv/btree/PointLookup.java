package io.pagekv.btree;

import io.pagekv.format.BranchLayout;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageType;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import io.pagekv.codec.Codec;
import io.pagekv.value.ValueDecoder;
import io.pagekv.value.ValueReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A point read from root to leaf in place in the mapping, keeping no stack: the fast path of
 * {@code get} and {@code view}. Stateless and thread-safe.
 */
public final class PointLookup
{
    private PointLookup()
    {
    }

    /** What {@link #findRun} returns for a key that is not there. */
    public static final long MISSING = -2;

    /**
     * Finds where a key's value is stored, for changes in place.
     *
     * @param pages  the page store.
     * @param root   root page id, or {@link PageAddress#NONE}.
     * @param depth  tree depth.
     * @param key    buffer holding the key.
     * @param keyOff offset of the key.
     * @param keyLen length of the key.
     * @return the first page id of the value's overflow run; {@link PageAddress#NONE} for a value
     * inline in its leaf; {@link #MISSING} if the key is absent.
     * @throws io.pagekv.CorruptStoreException if a page on the way or the value's cell is refused.
     */
    public static long findRun(
        final PageStore pages, final long root, final int depth, final DirectBuffer key, final int keyOff, final int keyLen)
    {
        if (root == PageAddress.NONE)
        {
            return MISSING;
        }
        final long leafId = leafOf(pages, root, depth, key, keyOff, keyLen);
        final Segment segment = pages.segment(leafId);
        final UnsafeBuffer buffer = segment.buffer();
        final int page = segment.checkedPage(PageAddress.pageIndex(leafId), PageType.LEAF);
        final int index = PageSearch.leaf(buffer, page, key, keyOff, keyLen);
        if (index < 0)
        {
            return MISSING;
        }
        final int cell = LeafLayout.cell(buffer, page, index);
        final int kind = ValueDecoder.check(segment, cell, pages.pageSize());
        return kind == LeafLayout.VALUE_OVERFLOW ? buffer.getLong(LeafLayout.valueOffset(buffer, cell), FormatVersion.ORDER) : PageAddress.NONE;
    }

    /**
     * @param values the value reader (its page store, cache and limits).
     * @param root   root page id, or {@link PageAddress#NONE}.
     * @param depth  tree depth.
     * @param key    buffer holding the key.
     * @param keyOff offset of the key.
     * @param keyLen length of the key.
     * @param value  pointed at the value when found.
     * @return whether the key is present.
     * @throws io.pagekv.CorruptStoreException if a page on the way or the value's cell is refused.
     */
    public static boolean find(
        final ValueReader values, final long root, final int depth,
        final DirectBuffer key, final int keyOff, final int keyLen, final UnsafeBuffer value)
    {
        final long cell = findCell(values.pages(), root, depth, key, keyOff, keyLen);
        if (cell == PageAddress.NONE)
        {
            return false;
        }
        values.wrap(values.pages().segment(cell), PageAddress.pageIndex(cell), value);
        return true;
    }

    /**
     * Decodes the value of a key with {@code codec}, through the read cache.
     *
     * @param values  the value reader.
     * @param root    root page id, or {@link PageAddress#NONE}.
     * @param depth   tree depth.
     * @param key     buffer holding the key.
     * @param keyOff  offset of the key.
     * @param keyLen  length of the key.
     * @param codec   the codec.
     * @param scratch a view this call may re-point.
     * @param <T>     the value type.
     * @return the value, or null if the key is absent.
     * @throws io.pagekv.CorruptStoreException if a page on the way or the value is refused.
     */
    public static <T> T decode(
        final ValueReader values, final long root, final int depth,
        final DirectBuffer key, final int keyOff, final int keyLen, final Codec<T> codec, final UnsafeBuffer scratch)
    {
        final long cell = findCell(values.pages(), root, depth, key, keyOff, keyLen);
        if (cell == PageAddress.NONE)
        {
            return null;
        }
        return values.decode(values.pages().segment(cell), PageAddress.pageIndex(cell), codec, scratch);
    }

    /**
     * @return the key's cell as a page id whose index part is the cell's offset in its segment's
     * buffer, or {@link PageAddress#NONE} if the key is absent.
     */
    private static long findCell(
        final PageStore pages, final long root, final int depth, final DirectBuffer key, final int keyOff, final int keyLen)
    {
        if (root == PageAddress.NONE)
        {
            return PageAddress.NONE;
        }
        final long pageId = leafOf(pages, root, depth, key, keyOff, keyLen);
        final Segment segment = pages.segment(pageId);
        final UnsafeBuffer buffer = segment.buffer();
        final int page = segment.checkedPage(PageAddress.pageIndex(pageId), PageType.LEAF);
        final int index = PageSearch.leaf(buffer, page, key, keyOff, keyLen);
        if (index < 0)
        {
            return PageAddress.NONE;
        }
        return PageAddress.of(segment.number(), LeafLayout.cell(buffer, page, index));
    }

    /** @return the id of the leaf where the key is or would be: the branches on the way, in place. */
    private static long leafOf(
        final PageStore pages, final long root, final int depth, final DirectBuffer key, final int keyOff, final int keyLen)
    {
        long pageId = root;
        for (int level = 0; level < depth - 1; level++)
        {
            final Segment segment = pages.segment(pageId);
            final int page = segment.checkedPage(PageAddress.pageIndex(pageId), PageType.BRANCH);
            pageId = BranchLayout.child(segment.buffer(), page, PageSearch.branch(segment.buffer(), page, key, keyOff, keyLen));
        }
        return pageId;
    }
}
