package io.pagekv.format;

import org.agrona.DirectBuffer;

/**
 * Whether a leaf page's cells agree with its header, checked once, at the page's first read,
 * with its checksum: every slot points into the page's cell area, every cell has flags 0 and a
 * value kind this format writes, the cells lie packed from the page's end in slot order (cell 0
 * ends at the page's end, each other where the one before it starts: the layout every leaf
 * writer makes), and the header's bytes used (aux1) is what the slots and cells take. A write
 * transaction copying a leaf that agrees takes its bytes used from the header instead of walking
 * its cells (decision 54) and copies runs of unchanged cells as one block (decision 61); one that
 * does not agree is walked and copied cell by cell, and the first cell this build cannot read is
 * refused, by name, as before.
 * Reads nothing outside the page, whatever its count and slots say.
 *
 * <p>Stateless and thread-safe.
 */
public final class LeafCheck
{
    private LeafCheck()
    {
    }

    /**
     * @param buffer   the buffer holding a leaf page.
     * @param page     offset of the page.
     * @param pageSize the page size.
     * @return whether every cell is one this build reads, the cells lie packed from the page's
     * end in slot order, and the cells and slots take the bytes the header says.
     */
    public static boolean agrees(final DirectBuffer buffer, final int page, final int pageSize)
    {
        final int count = PageLayout.count(buffer, page);
        final long slotsEnd = LeafLayout.SLOTS_OFFSET + (long)count * LeafLayout.SLOT_LENGTH;
        if (slotsEnd > pageSize)
        {
            return false;
        }
        int end = pageSize;
        for (int i = 0; i < count; i++)
        {
            final int offset = buffer.getShort(page + LeafLayout.SLOTS_OFFSET + i * LeafLayout.SLOT_LENGTH, FormatVersion.ORDER) & 0xFFFF;
            if (offset < slotsEnd || offset > pageSize - LeafLayout.CELL_HEADER_LENGTH)
            {
                return false;
            }
            final int cell = page + offset;
            final int kind = LeafLayout.valueKind(buffer, cell);
            if (LeafLayout.cellFlags(buffer, cell) != 0 || !LeafLayout.isWrittenKind(kind))
            {
                return false;
            }
            final long stored = LeafLayout.namesRun(kind) ?
                LeafLayout.OVERFLOW_REF_LENGTH : Integer.toUnsignedLong(LeafLayout.valueLength(buffer, cell));
            final long length = LeafLayout.CELL_HEADER_LENGTH + LeafLayout.keyLength(buffer, cell) + stored;
            if (offset + length != end)
            {
                return false;
            }
            end = offset;
        }
        return PageLayout.aux1(buffer, page) == slotsEnd + pageSize - end;
    }
}
