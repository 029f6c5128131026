package io.pagekv.export;

import io.pagekv.format.OverflowLayout;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Where a value found by a point read lies in its segment file, when it lies in an overflow run:
 * the only values that can be exported mapped, because only they are contiguous bytes of a file
 * (an inline value shares its leaf page with other entries).
 *
 * @param segment the segment file holding the run.
 * @param offset  where the value's bytes start in that file.
 */
record ValueLocation(Segment segment, int offset)
{
    /**
     * @param pages the page store the value was read from.
     * @param view  a view of the value, as {@code ValueDecoder.wrap} points it into a mapping.
     * @return where it lies, or null if it is not in an overflow run.
     */
    static ValueLocation ofOverflow(final PageStore pages, final DirectBuffer view)
    {
        if (view.byteArray() != null)
        {
            // An inflated copy of a compressed value, not bytes of a file.
            return null;
        }
        final long address = view.addressOffset();
        for (final Segment segment : pages.all())
        {
            // A view points into a mapping: a segment not mapped yet holds none.
            final UnsafeBuffer buffer = segment.bufferIfMapped();
            if (buffer == null)
            {
                continue;
            }
            final long base = buffer.addressOffset();
            if (address >= base && address < base + buffer.capacity())
            {
                final int offset = (int)(address - base);
                final int runStart = offset - OverflowLayout.VALUE_OFFSET;
                final boolean inRun = runStart > 0 && runStart % pages.pageSize() == 0 &&
                    PageLayout.type(buffer, runStart) == PageType.OVERFLOW;
                return inRun ? new ValueLocation(segment, offset) : null;
            }
        }
        return null;
    }
}
