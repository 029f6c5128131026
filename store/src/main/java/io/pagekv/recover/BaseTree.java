package io.pagekv.recover;

import io.pagekv.SalvageReport;
import io.pagekv.format.BranchLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.txn.CommitState;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

/**
 * Reads the tree of one commit in key order, page by page, skipping what does not prove itself
 * intact: a damaged branch or leaf loses its key range (between the separators of its parent),
 * a damaged overflow run loses its one value. Every loss is recorded.
 */
final class BaseTree
{
    private final SegmentImages images;
    private final LeafEntries leaves;
    private final List<SalvageReport.Loss> losses;
    private long read;

    /**
     * @param images the segment images.
     * @param losses receives what could not be read.
     */
    BaseTree(final SegmentImages images, final List<SalvageReport.Loss> losses)
    {
        this.images = images;
        this.leaves = new LeafEntries(images);
        this.losses = losses;
    }

    /**
     * @param commit  the commit whose tree is read.
     * @param visitor receives the entries in key order; a lost value is recorded and skipped.
     */
    void read(final CommitState commit, final LeafEntries.Visitor visitor)
    {
        if (commit.depth() > 0)
        {
            visit(commit.root(), 1, commit.depth(), null, null, commit.txnId(), visitor);
        }
    }

    /**
     * @return entries read so far.
     */
    long entriesRead()
    {
        return read;
    }

    private void visit(
        final long pageId, final int level, final int depth, final byte[] low, final byte[] high, final long txnId,
        final LeafEntries.Visitor visitor)
    {
        final boolean leaf = level == depth;
        final String why = images.intact(pageId, leaf ? PageType.LEAF : PageType.BRANCH);
        if (why != null)
        {
            lose(pageId, low, high, txnId, why);
            return;
        }
        if (leaf)
        {
            leaves.read(pageId, new LeafEntries.Visitor()
            {
                @Override
                public void entry(final DirectBuffer key, final DirectBuffer value, final boolean patchable)
                {
                    read++;
                    visitor.entry(key, value, patchable);
                }

                @Override
                public void valueLost(final DirectBuffer key, final long runId, final String reason)
                {
                    final byte[] lostKey = bytes(key, 0, key.capacity());
                    losses.add(new SalvageReport.Loss(images.file(runId), PageAddress.pageIndex(runId), lostKey, successor(lostKey), txnId,
                        "overflow run of a value: " + reason));
                }
            });
            return;
        }
        final UnsafeBuffer branch = images.image(PageAddress.segment(pageId));
        final int page = images.offset(pageId);
        final int separators = PageLayout.count(branch, page);
        byte[] from = low;
        for (int child = 0; child <= separators; child++)
        {
            final byte[] to = child == separators ? high : separator(branch, page, child);
            visit(BranchLayout.child(branch, page, child), level + 1, depth, from, to, txnId, visitor);
            from = to;
        }
    }

    private void lose(final long pageId, final byte[] low, final byte[] high, final long txnId, final String why)
    {
        losses.add(new SalvageReport.Loss(images.file(pageId), PageAddress.pageIndex(pageId), low, high, txnId, why));
    }

    private static byte[] separator(final DirectBuffer branch, final int page, final int index)
    {
        final int cell = BranchLayout.cell(branch, page, index);
        return bytes(branch, cell + BranchLayout.KEY_OFFSET, BranchLayout.keyLength(branch, cell));
    }

    static byte[] bytes(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }

    /**
     * @return the smallest key above {@code key}: the exclusive end of a one-key range.
     */
    static byte[] successor(final byte[] key)
    {
        return java.util.Arrays.copyOf(key, key.length + 1);
    }
}
