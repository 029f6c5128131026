package io.pagekv.format;

/**
 * One slot of the lock file's reader table ({@link LockFileLayout#READER_TABLE_START}): a
 * process that reads the store and does not hold the writer lock registers here the oldest
 * commit it still reads, so that the writer deletes no segment that commit reaches. A slot is
 * free when its pid is 0; a process claims it by an atomic compare-and-set of the pid to its
 * negative (claiming), writes its start time and its pin, then stores its pid. A slot whose
 * process is gone (no such pid, or a pid whose process started at another time) is reclaimed
 * by whoever finds it.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |     owner's process id (u64), 0 = free, negative: claiming    |  0
 *  +---------------------------------------------------------------+
 *  |        owner's start time, epoch ms (u64), 0 = unknown        |  8
 *  +---------------------------------------------------------------+
 *  |     oldest pinned txn id (u64); UNPINNED when none            |  16
 *  +---------------------------------------------------------------+
 *  |           when the slot was claimed, epoch ms (u64)           |  24
 *  +---------------------------------------------------------------+
 *  |                     reserved, zero, to 64                     |  32
 * </pre>
 */
public final class ReaderSlotLayout
{
    /** Length of a slot. */
    public static final int LENGTH = 64;
    /** Offset of the owner's pid. */
    public static final int PID_OFFSET = 0;
    /** Offset of the owner's start time. */
    public static final int START_TIME_OFFSET = 8;
    /** Offset of the oldest txn the owner reads. */
    public static final int PINNED_TXN_OFFSET = 16;
    /** Offset of the time the slot was claimed. */
    public static final int CLAIMED_AT_OFFSET = 24;
    /** The pin of a slot whose owner reads nothing now. */
    public static final long UNPINNED = Long.MAX_VALUE;

    private ReaderSlotLayout()
    {
    }
}
