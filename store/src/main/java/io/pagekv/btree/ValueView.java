package io.pagekv.btree;

import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.OverflowLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Points a view at a leaf entry's value where it lies: inline in the leaf, or in its overflow run.
 */
final class ValueView
{
    private ValueView()
    {
    }

    static void wrap(final PageStore pages, final DirectBuffer leaf, final int cell, final UnsafeBuffer view)
    {
        final int length = LeafLayout.valueLength(leaf, cell);
        final int valueOffset = LeafLayout.valueOffset(leaf, cell);
        if (LeafLayout.valueKind(leaf, cell) == LeafLayout.VALUE_INLINE)
        {
            view.wrap(leaf, valueOffset, length);
            return;
        }
        final long runId = leaf.getLong(valueOffset, FormatVersion.ORDER);
        final Segment run = pages.segment(runId);
        final int runOffset = run.checkedPage(PageAddress.pageIndex(runId), PageType.OVERFLOW);
        if (PageLayout.aux2(run.buffer(), runOffset) != length)
        {
            throw run.corrupt(PageAddress.pageIndex(runId), runOffset + PageLayout.AUX2_OFFSET, "overflow run holds " +
                PageLayout.aux2(run.buffer(), runOffset) + " bytes, the leaf entry says " + length);
        }
        view.wrap(run.buffer(), runOffset + OverflowLayout.VALUE_OFFSET, length);
    }
}
