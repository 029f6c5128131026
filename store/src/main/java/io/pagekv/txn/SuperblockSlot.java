package io.pagekv.txn;

/**
 * The decoded contents of one valid superblock slot.
 *
 * @param slot        0 or 1.
 * @param sequence    checkpoint sequence; the higher valid slot wins.
 * @param storeId     the store id.
 * @param pageSize    the page size.
 * @param commitPage  page id of the checkpointed commit record.
 * @param commitTxn   its transaction id.
 * @param commitCrc   its record CRC.
 * @param firstSegment the lowest segment number the log still holds (compaction retired those below).
 * @param segmentSize the default segment size in bytes.
 * @param created     store creation time.
 * @param liveCounts  the checkpointed commit's live pages per segment, or null if the slot has none.
 * @param closedCleanly whether the writer closed cleanly at this checkpoint ({@code SuperblockLayout.FLAG_CLOSED_CLEANLY}).
 */
public record SuperblockSlot(
    int slot, long sequence, long storeId, int pageSize, long commitPage, long commitTxn, int commitCrc,
    int firstSegment, long segmentSize, long created, LiveCounts liveCounts, boolean closedCleanly)
{
}
