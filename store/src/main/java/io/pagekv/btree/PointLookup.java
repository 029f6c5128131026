package io.pagekv.btree;

import io.pagekv.format.BranchLayout;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageType;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import io.pagekv.value.ValueDecoder;
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
     * @param pages  the page store.
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
        final PageStore pages, final long root, final int depth,
        final DirectBuffer key, final int keyOff, final int keyLen, final UnsafeBuffer value)
    {
        if (root == PageAddress.NONE)
        {
            return false;
        }
        final long pageId = leafOf(pages, root, depth, key, keyOff, keyLen);
        final Segment segment = pages.segment(pageId);
        final UnsafeBuffer buffer = segment.buffer();
        final int page = segment.checkedPage(PageAddress.pageIndex(pageId), PageType.LEAF);
        final int index = PageSearch.leaf(buffer, page, key, keyOff, keyLen);
        if (index < 0)
        {
            return false;
        }
        ValueDecoder.wrap(pages, segment, LeafLayout.cell(buffer, page, index), value);
        return true;
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
