package io.pagekv.btree;

import io.pagekv.format.BranchLayout;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.OverflowLayout;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.io.IOException;

/**
 * Copies committed branch pages into dirty nodes and writes them out, and writes new large values
 * as overflow runs. Leaves do their own copying ({@link LeafNode}).
 */
final class NodeCodec
{
    private NodeCodec()
    {
    }

    /**
     * Copies a committed branch page separator by separator: for a page that {@link BranchNode#of}
     * does not take lazily.
     *
     * @param buffer the buffer holding the page.
     * @param page   its offset.
     * @param pageId its id.
     * @return the dirty copy.
     */
    static BranchNode readBranch(final DirectBuffer buffer, final int page, final long pageId)
    {
        final int count = PageLayout.count(buffer, page);
        final BranchNode branch = new BranchNode(count + 1, pageId);
        branch.setFirstChild(BranchLayout.child(buffer, page, 0), null);
        for (int i = 0; i < count; i++)
        {
            final int cell = BranchLayout.cell(buffer, page, i);
            final byte[] key = new byte[BranchLayout.keyLength(buffer, cell)];
            buffer.getBytes(cell + BranchLayout.KEY_OFFSET, key);
            branch.insert(i, key, buffer.getLong(cell + BranchLayout.CHILD_OFFSET, FormatVersion.ORDER), null);
        }
        return branch;
    }

    /**
     * @param buffer the buffer holding a committed leaf or branch.
     * @param page   its offset.
     * @return the bytes it takes, as its header records.
     */
    static int usedBytes(final DirectBuffer buffer, final int page)
    {
        return PageLayout.aux1(buffer, page);
    }

    static long writeOverflow(final PageSink sink, final byte[] value, final int pageSize, final boolean patchable)
        throws IOException
    {
        final int pages = OverflowLayout.pagesFor(value.length, pageSize);
        final long id = sink.allocate(pages);
        final MutableDirectBuffer out = sink.buffer();
        final int offset = sink.offsetOf(id);
        PageLayout.writeHeader(out, offset, PageType.OVERFLOW, 0, id, sink.txnId(), pages, value.length);
        if (patchable)
        {
            out.putByte(offset + PageLayout.FLAGS_OFFSET, (byte)PageLayout.FLAG_PATCHABLE);
        }
        out.putBytes(offset + OverflowLayout.VALUE_OFFSET, value);
        final int end = OverflowLayout.VALUE_OFFSET + value.length;
        out.setMemory(offset + end, pages * pageSize - end, (byte)0);
        PageLayout.seal(out, offset, pages * pageSize);
        return id;
    }

    static void writeBranch(final PageSink sink, final long id, final BranchNode branch, final int pageSize)
    {
        final MutableDirectBuffer out = sink.buffer();
        final int page = sink.offsetOf(id);
        if (!branch.copyLazyCells(out, page, pageSize))
        {
            out.putLong(page + BranchLayout.FIRST_CHILD_OFFSET, branch.childIds[0], FormatVersion.ORDER);
            int cellEnd = pageSize;
            for (int i = 0; i < branch.size; i++)
            {
                final byte[] key = branch.separator(i);
                cellEnd -= BranchLayout.KEY_OFFSET + key.length;
                BranchLayout.writeCell(out, page, i, cellEnd, key, branch.childIds[i + 1]);
            }
            final int slotsEnd = BranchLayout.SLOTS_OFFSET + branch.size * BranchLayout.SLOT_LENGTH;
            out.setMemory(page + slotsEnd, cellEnd - slotsEnd, (byte)0);
        }
        PageLayout.writeHeader(out, page, PageType.BRANCH, branch.size, id, sink.txnId(), branch.bytes, 0);
        PageLayout.seal(out, page, pageSize);
    }
}
