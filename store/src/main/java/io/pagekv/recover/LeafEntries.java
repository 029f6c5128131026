package io.pagekv.recover;

import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.OverflowLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.value.DamagedBlockException;
import io.pagekv.value.Lz4Block;
import io.pagekv.value.ValueKind;
import io.pagekv.value.ValueReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads the entries of an intact leaf page in key order, each value from the leaf or from its
 * overflow run, which must prove itself intact too.
 */
final class LeafEntries
{
    /** Receives a leaf's entries; the views are valid during the call only. */
    interface Visitor
    {
        /**
         * @param key       the key.
         * @param value     the value.
         * @param patchable whether it lies in a patchable run (put with {@code putPatchable}).
         */
        void entry(DirectBuffer key, DirectBuffer value, boolean patchable);

        /**
         * @param key   the key whose value is lost.
         * @param runId the overflow run that held it, or the leaf holding a damaged inline compressed value.
         * @param why   what is wrong with the run.
         */
        void valueLost(DirectBuffer key, long runId, String why);
    }

    private final SegmentImages images;
    private final UnsafeBuffer key = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer value = new UnsafeBuffer(0, 0);

    LeafEntries(final SegmentImages images)
    {
        this.images = images;
    }

    /**
     * @param leafId  an intact leaf page.
     * @param visitor receives its entries.
     */
    void read(final long leafId, final Visitor visitor)
    {
        final UnsafeBuffer leaf = images.image(PageAddress.segment(leafId));
        final int page = images.offset(leafId);
        final int count = PageLayout.count(leaf, page);
        for (int i = 0; i < count; i++)
        {
            final int cell = LeafLayout.cell(leaf, page, i);
            key.wrap(leaf, cell + LeafLayout.KEY_OFFSET, LeafLayout.keyLength(leaf, cell));
            final int length = LeafLayout.valueLength(leaf, cell);
            final int kind = LeafLayout.valueKind(leaf, cell);
            long storedIn = leafId;
            boolean patchable = false;
            if (!ValueKind.hasRun(kind))
            {
                value.wrap(leaf, LeafLayout.valueOffset(leaf, cell), length);
            }
            else
            {
                final long runId = leaf.getLong(LeafLayout.valueOffset(leaf, cell), FormatVersion.ORDER);
                String why = images.intact(runId, PageType.OVERFLOW);
                if (why == null && PageLayout.aux2(images.image(PageAddress.segment(runId)), images.offset(runId)) != length)
                {
                    why = "the run holds a value of another length than the leaf says (" + length + ")";
                }
                if (why != null)
                {
                    visitor.valueLost(key, runId, why);
                    continue;
                }
                value.wrap(images.image(PageAddress.segment(runId)), images.offset(runId) + OverflowLayout.VALUE_OFFSET, length);
                patchable = PageLayout.isPatchableRun(images.image(PageAddress.segment(runId)), images.offset(runId));
                storedIn = runId;
            }
            if (ValueKind.isCompressed(kind))
            {
                try
                {
                    value.wrap(Lz4Block.inflate(value, 0, length, ValueReader.LARGEST_VALUE));
                }
                catch (final DamagedBlockException ex)
                {
                    visitor.valueLost(key, storedIn, "compressed value: " + ex.getMessage());
                    continue;
                }
            }
            visitor.entry(key, value, patchable);
        }
    }
}
