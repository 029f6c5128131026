package io.pagekv.txn;

import io.pagekv.format.PageAddress;

/**
 * One committed state of the store, as its commit record describes it. Immutable; published to
 * readers through a volatile reference.
 *
 * @param txnId      the transaction id.
 * @param recordId   page id of the commit record.
 * @param recordCrc  the record's CRC, which the next record repeats.
 * @param bodyPages  pages the transaction wrote after its record.
 * @param root       root page id, or {@link PageAddress#NONE}.
 * @param depth      tree depth, 0 when empty.
 * @param entryCount entries in the tree.
 * @param time       commit time, epoch milliseconds.
 */
public record CommitState(
    long txnId, long recordId, int recordCrc, int bodyPages, long root, int depth, long entryCount, long time)
{
    /**
     * @return the page index right after this commit's body: where the next record goes if it
     * fits in the same segment.
     */
    public int nextPageIndex()
    {
        return PageAddress.pageIndex(recordId) + 1 + bodyPages;
    }

    /**
     * @return the segment holding the record.
     */
    public int segment()
    {
        return PageAddress.segment(recordId);
    }
}
