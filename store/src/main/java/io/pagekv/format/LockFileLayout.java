package io.pagekv.format;

/**
 * The {@code lock} file: {@link #LENGTH} bytes. The writer holds an exclusive
 * {@link java.nio.channels.FileLock} on byte 0 for as long as the store is open for writing,
 * and records who it is so that a refused opener can name the holder. The rest is reserved
 * for the shared reader table and live counters that other processes will map.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        magic "PKVL"                           |  0
 *  +-------------------------------+-------------------------------+
 *  |        format version         |           reserved            |  4
 *  +-------------------------------+-------------------------------+
 *  |                  writer's process id (u64)                    |  8
 *  +---------------------------------------------------------------+
 *  |        when the writer took the lock, epoch ms (u64)          |  16
 *  +---------------------------------------------------------------+
 *  |     reserved: reader table offset and length (u32, u32)       |  24
 *  +---------------------------------------------------------------+
 *  |     reserved: counters offset and length (u32, u32)           |  32
 *  +---------------------------------------------------------------+
 *  |   log generation: bumped when compaction retires segments (u64)|  40
 *  +---------------------------------------------------------------+
 *  |                     reserved, zero, to 4096                   |  48
 * </pre>
 */
public final class LockFileLayout
{
    /** Length of the file in this version. */
    public static final int LENGTH = 4096;
    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the u16 format version. */
    public static final int VERSION_OFFSET = 4;
    /** Offset of the holder's pid. */
    public static final int PID_OFFSET = 8;
    /** Offset of the time the lock was taken. */
    public static final int LOCKED_AT_OFFSET = 16;
    /** Offset of the reserved reader table location. */
    public static final int READER_TABLE_OFFSET = 24;
    /** Offset of the reserved counters location. */
    public static final int COUNTERS_OFFSET = 32;
    /**
     * Offset of the u64 log generation: the writer adds one each time compaction moves the log's
     * first segment, so that readers in other processes know to re-read {@code meta} when their
     * walk of the log meets a retired segment. 0 in a store never compacted.
     */
    public static final int LOG_GENERATION_OFFSET = 40;
    /** The byte range the writer locks: byte 0, length 1. */
    public static final long WRITER_LOCK_POSITION = 0;

    private LockFileLayout()
    {
    }
}
