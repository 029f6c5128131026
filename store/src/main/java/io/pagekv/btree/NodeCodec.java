package io.pagekv.btree;

import io.pagekv.format.BranchLayout;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.OverflowLayout;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Copies committed pages into dirty nodes, and writes dirty nodes (and new large values) out as
 * pages.
 */
final class NodeCodec
{
    private NodeCodec()
    {
    }

    static LeafNode readLeaf(final DirectBuffer buffer, final int page, final int pageSize)
    {
        final int count = PageLayout.count(buffer, page);
        final LeafNode leaf = new LeafNode(pageSize, count + 1);
        for (int i = 0; i < count; i++)
        {
            final int cell = LeafLayout.cell(buffer, page, i);
            final byte[] key = new byte[LeafLayout.keyLength(buffer, cell)];
            buffer.getBytes(cell + LeafLayout.KEY_OFFSET, key);
            final int valueOffset = cell + LeafLayout.KEY_OFFSET + key.length;
            final int valueLength = LeafLayout.valueLength(buffer, cell);
            final Object value;
            if (LeafLayout.valueKind(buffer, cell) == LeafLayout.VALUE_INLINE)
            {
                final byte[] bytes = new byte[valueLength];
                buffer.getBytes(valueOffset, bytes);
                value = bytes;
            }
            else
            {
                value = new OverflowRef(buffer.getLong(valueOffset, FormatVersion.ORDER), valueLength);
            }
            leaf.insert(i, key, value);
        }
        return leaf;
    }

    static BranchNode readBranch(final DirectBuffer buffer, final int page)
    {
        final int count = PageLayout.count(buffer, page);
        final BranchNode branch = new BranchNode(count + 1);
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

    static long writeOverflow(final PageSink sink, final byte[] value, final int pageSize)
    {
        final int pages = OverflowLayout.pagesFor(value.length, pageSize);
        final long id = sink.allocate(pages);
        final MutableDirectBuffer out = sink.buffer();
        final int offset = sink.offsetOf(id);
        PageLayout.writeHeader(out, offset, PageType.OVERFLOW, 0, id, sink.txnId(), pages, value.length);
        out.putBytes(offset + OverflowLayout.VALUE_OFFSET, value);
        PageLayout.seal(out, offset, pages * pageSize);
        return id;
    }

    static void writeLeaf(final PageSink sink, final long id, final LeafNode leaf, final int pageSize)
    {
        final MutableDirectBuffer out = sink.buffer();
        final int page = sink.offsetOf(id);
        int cellEnd = pageSize;
        for (int i = 0; i < leaf.size; i++)
        {
            final byte[] key = leaf.keys[i];
            final Object value = leaf.values[i];
            if (value instanceof OverflowRef)
            {
                final OverflowRef ref = (OverflowRef)value;
                cellEnd -= LeafLayout.CELL_HEADER_LENGTH + key.length + LeafLayout.OVERFLOW_REF_LENGTH;
                LeafLayout.writeCellHeader(out, page, i, cellEnd, key, LeafLayout.VALUE_OVERFLOW, ref.length());
                out.putLong(page + cellEnd + LeafLayout.KEY_OFFSET + key.length, ref.pageId(), FormatVersion.ORDER);
            }
            else
            {
                final byte[] bytes = (byte[])value;
                cellEnd -= LeafLayout.CELL_HEADER_LENGTH + key.length + bytes.length;
                LeafLayout.writeCellHeader(out, page, i, cellEnd, key, LeafLayout.VALUE_INLINE, bytes.length);
                out.putBytes(page + cellEnd + LeafLayout.KEY_OFFSET + key.length, bytes);
            }
        }
        PageLayout.writeHeader(out, page, PageType.LEAF, leaf.size, id, sink.txnId(), leaf.bytes, 0);
        PageLayout.seal(out, page, pageSize);
    }

    static void writeBranch(final PageSink sink, final long id, final BranchNode branch, final int pageSize)
    {
        final MutableDirectBuffer out = sink.buffer();
        final int page = sink.offsetOf(id);
        out.putLong(page + BranchLayout.FIRST_CHILD_OFFSET, branch.childIds[0], FormatVersion.ORDER);
        int cellEnd = pageSize;
        for (int i = 0; i < branch.size; i++)
        {
            final byte[] key = branch.keys[i];
            cellEnd -= BranchLayout.KEY_OFFSET + key.length;
            BranchLayout.writeCell(out, page, i, cellEnd, key, branch.childIds[i + 1]);
        }
        PageLayout.writeHeader(out, page, PageType.BRANCH, branch.size, id, sink.txnId(), branch.bytes, 0);
        PageLayout.seal(out, page, pageSize);
    }
}
