package io.pagekv.format;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A B+tree branch page with n separator keys and n + 1 children. After the {@link PageLayout
 * header} (count = n, aux1 = bytes used: header, first child, slots and cells; aux2 = 0) come
 * the leftmost child's page id and an array of u16 cell offsets in key order; cells fill the
 * page from its end backwards.
 *
 * <pre>
 *  page: | header (32) | child 0 (u64) | slot 0 | ... | slot n-1 |  free  | cell n-1 | ... | cell 0 |
 *
 *  cell i (separator key i and child i + 1):
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |          key length           |      child i + 1 page id  ... |  0
 *  +-------------------------------+-------------------------------+
 *  |   ... (u64, unaligned)        |      key bytes ...            |  4..
 * </pre>
 *
 * Every key in child i + 1 is greater than or equal to key i, every key in child i is less than it.
 */
public final class BranchLayout
{
    /** Offset of the leftmost child's page id. */
    public static final int FIRST_CHILD_OFFSET = PageLayout.HEADER_LENGTH;
    /** Offset of the slot array. */
    public static final int SLOTS_OFFSET = FIRST_CHILD_OFFSET + 8;
    /** Bytes per slot. */
    public static final int SLOT_LENGTH = 2;
    /** Cell offset of the u16 key length. */
    public static final int KEY_LENGTH_OFFSET = 0;
    /** Cell offset of the u64 child page id. */
    public static final int CHILD_OFFSET = 2;
    /** Cell offset of the key bytes. */
    public static final int KEY_OFFSET = 10;

    private BranchLayout()
    {
    }

    /**
     * @param keyLength key bytes.
     * @return the space one separator takes in a page, slot included.
     */
    public static int entryLength(final int keyLength)
    {
        return SLOT_LENGTH + KEY_OFFSET + keyLength;
    }

    /**
     * @param buffer the buffer holding the page.
     * @param page   offset of the page.
     * @param index  separator index.
     * @return offset of the separator's cell in {@code buffer}.
     */
    public static int cell(final DirectBuffer buffer, final int page, final int index)
    {
        return page + (buffer.getShort(page + SLOTS_OFFSET + index * SLOT_LENGTH, FormatVersion.ORDER) & 0xFFFF);
    }

    /**
     * @param buffer the buffer.
     * @param cell   offset of a cell.
     * @return its key length.
     */
    public static int keyLength(final DirectBuffer buffer, final int cell)
    {
        return buffer.getShort(cell + KEY_LENGTH_OFFSET, FormatVersion.ORDER) & 0xFFFF;
    }

    /**
     * @param buffer the buffer holding the page.
     * @param page   offset of the page.
     * @param child  child index, 0 to count.
     * @return the child's page id.
     */
    public static long child(final DirectBuffer buffer, final int page, final int child)
    {
        if (child == 0)
        {
            return buffer.getLong(page + FIRST_CHILD_OFFSET, FormatVersion.ORDER);
        }
        return buffer.getLong(cell(buffer, page, child - 1) + CHILD_OFFSET, FormatVersion.ORDER);
    }

    /**
     * Writes one separator cell and its slot.
     *
     * @param buffer     the buffer holding the page.
     * @param page       offset of the page.
     * @param index      separator index.
     * @param cellOffset offset of the cell, relative to the page.
     * @param key        separator key.
     * @param child      page id of child index + 1.
     */
    public static void writeCell(
        final MutableDirectBuffer buffer,
        final int page,
        final int index,
        final int cellOffset,
        final byte[] key,
        final long child)
    {
        buffer.putShort(page + SLOTS_OFFSET + index * SLOT_LENGTH, (short)cellOffset, FormatVersion.ORDER);
        final int cell = page + cellOffset;
        buffer.putShort(cell + KEY_LENGTH_OFFSET, (short)key.length, FormatVersion.ORDER);
        buffer.putLong(cell + CHILD_OFFSET, child, FormatVersion.ORDER);
        buffer.putBytes(cell + KEY_OFFSET, key);
    }
}
