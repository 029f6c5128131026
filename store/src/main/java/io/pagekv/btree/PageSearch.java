package io.pagekv.btree;

import io.pagekv.format.BranchLayout;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.PageLayout;
import org.agrona.DirectBuffer;

/**
 * Binary search inside one committed branch or leaf page, in place in the mapping.
 */
public final class PageSearch
{
    private PageSearch()
    {
    }

    /**
     * @param buffer the buffer holding the leaf.
     * @param page   offset of the leaf.
     * @param key    buffer holding the key.
     * @param keyOff offset of the key.
     * @param keyLen length of the key.
     * @return the entry's index if found, else {@code -(insertion point) - 1}.
     */
    public static int leaf(final DirectBuffer buffer, final int page, final DirectBuffer key, final int keyOff, final int keyLen)
    {
        int low = 0;
        int high = PageLayout.count(buffer, page) - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int cell = LeafLayout.cell(buffer, page, mid);
            final int cmp = Keys.compare(
                buffer, cell + LeafLayout.KEY_OFFSET, LeafLayout.keyLength(buffer, cell), key, keyOff, keyLen);
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

    /**
     * @param buffer the buffer holding the branch.
     * @param page   offset of the branch.
     * @param key    buffer holding the key.
     * @param keyOff offset of the key.
     * @param keyLen length of the key.
     * @return the index of the child whose range holds the key: the number of separators less
     * than or equal to it.
     */
    public static int branch(final DirectBuffer buffer, final int page, final DirectBuffer key, final int keyOff, final int keyLen)
    {
        int low = 0;
        int high = PageLayout.count(buffer, page) - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int cell = BranchLayout.cell(buffer, page, mid);
            final int cmp = Keys.compare(
                buffer, cell + BranchLayout.KEY_OFFSET, BranchLayout.keyLength(buffer, cell), key, keyOff, keyLen);
            if (cmp <= 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return low;
    }
}
