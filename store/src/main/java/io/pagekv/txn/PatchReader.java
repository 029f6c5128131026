package io.pagekv.txn;

import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.format.PatchRecordLayout;
import io.pagekv.page.Segment;

/**
 * Decodes and validates patch records (type 7) in place, as {@link CommitReader} does commit
 * records. Validation never throws: a record that fails a check ends the log there, like a torn
 * commit record. A patch record is valid after commit {@code t} when its type, own id and CRC
 * (over the record and its pages) hold, its pages lie inside the segment, its length fits them,
 * and it names {@code t}'s record id, record CRC and txn id: a record left behind by an
 * abandoned tail after another commit is refused.
 */
public final class PatchReader
{
    private PatchReader()
    {
    }

    /**
     * @param segment   the segment.
     * @param pageIndex where the record should be.
     * @param after     the commit it must follow.
     * @return pages the record takes (its own included), or 0 if no valid patch record is there.
     */
    public static int validAfter(final Segment segment, final int pageIndex, final CommitState after)
    {
        if (pageIndex < 1 || pageIndex >= segment.capacityPages())
        {
            return 0;
        }
        final var buffer = segment.buffer();
        final int offset = segment.offset(pageIndex);
        if (PageLayout.type(buffer, offset) != PageType.PATCH ||
            PageLayout.pageId(buffer, offset) != PageAddress.of(segment.number(), pageIndex) ||
            PageLayout.txnId(buffer, offset) != after.txnId() ||
            PatchRecordLayout.commit(buffer, offset) != after.recordId() ||
            PatchRecordLayout.commitCrc(buffer, offset) != after.recordCrc())
        {
            return 0;
        }
        final int pageSize = segment.offset(1);
        final int extra = PageLayout.aux1(buffer, offset);
        final int length = PatchRecordLayout.length(buffer, offset);
        if (extra < 0 || extra > segment.capacityPages() - pageIndex - 1 || length < 0 ||
            PatchRecordLayout.pagesFor(length, pageSize) != extra + 1)
        {
            return 0;
        }
        final int pages = extra + 1;
        return PageLayout.checksum(buffer, offset, pages * pageSize) == PageLayout.crc(buffer, offset) ? pages : 0;
    }
}
