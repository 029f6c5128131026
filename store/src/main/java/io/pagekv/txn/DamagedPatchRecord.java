package io.pagekv.txn;

import io.pagekv.DamagedHistoryException;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;

import java.io.IOException;

/**
 * Proof of damage that a patch record gives: a patch record is forced before its bytes are
 * written in place and before anything after it is appended, so when the log ends at a page that
 * names itself a patch record but fails its checks, and a commit record newer than the head lies
 * further on in the same segment, that record was damaged after it was forced: not a torn tail.
 * (A patch record simply torn at the end of the log has nothing after it.)
 */
final class DamagedPatchRecord
{
    private DamagedPatchRecord()
    {
    }

    /**
     * @param reader the log reader.
     * @param head   the last valid commit.
     * @param pages  the page store.
     * @return the proof, or null.
     * @throws IOException if a segment cannot be read.
     */
    static DamagedHistoryException look(final LogReader reader, final CommitState head, final PageStore pages)
        throws IOException
    {
        final long end = reader.end(head);
        final Segment segment = pages.find(PageAddress.segment(end));
        final int index = PageAddress.pageIndex(end);
        if (segment == null || index < 1 || index >= segment.capacityPages())
        {
            return null;
        }
        final int offset = segment.offset(index);
        if (PageLayout.type(segment.buffer(), offset) != PageType.PATCH ||
            PageLayout.pageId(segment.buffer(), offset) != PageAddress.of(segment.number(), index))
        {
            return null;
        }
        for (int later = index + 1; later < segment.capacityPages(); later++)
        {
            final CommitState beyond = CommitReader.record(segment, later);
            if (beyond != null && beyond.txnId() > head.txnId())
            {
                return new DamagedHistoryException(segment.path(), index, offset, "the patch record at page " +
                    PageAddress.toString(end) + " after txn " + head.txnId() + " is damaged, and the commit record of txn " +
                    beyond.txnId() + " lies after it at page " + PageAddress.toString(beyond.recordId()) + "; a patch record is " +
                    "forced before anything after it is written, so this is damage, not a torn tail. " + DamageEvidence.ADVICE,
                    head.txnId(), head.txnId() + 1, beyond.txnId());
            }
        }
        return null;
    }
}
