package io.pagekv;

/**
 * Facts about a store's last commit, for tools and monitoring.
 *
 * @param formatVersion      the on-disk format version.
 * @param pageSize           bytes per page.
 * @param segmentSize        default bytes per segment file.
 * @param lastTxnId          id of the last commit.
 * @param lastCommitTime     its time, epoch milliseconds.
 * @param entryCount         entries in the store.
 * @param treeDepth          levels of the B+tree, 0 when empty.
 * @param checkpointTxnId    the commit the superblock last recorded.
 * @param storeId            the random id given to the store at creation.
 * @param createdTime        creation time, epoch milliseconds.
 */
public record StoreInfo(
    int formatVersion,
    int pageSize,
    long segmentSize,
    long lastTxnId,
    long lastCommitTime,
    long entryCount,
    int treeDepth,
    long checkpointTxnId,
    long storeId,
    long createdTime)
{
}
