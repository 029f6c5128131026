package io.pagekv.format;

/**
 * The {@code lock} file: {@link #LENGTH} bytes, mapped by every process that opens the store.
 * The writer holds an exclusive {@link java.nio.channels.FileLock} on byte 0 for as long as the
 * store is open for writing, and records who it is so that a refused opener can name the holder.
 * The header page is followed by the shared reader table ({@link ReaderSlotLayout}) and the live
 * counters (Agrona's {@code CountersManager} layout: a metadata buffer and a values buffer).
 * The header names where each range lies, so that a reader in another language needs no
 * constant of this build.
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
 *  +-------------------------------+-------------------------------+
 *  |   reader table offset (u32)   |   reader table length (u32)   |  24
 *  +-------------------------------+-------------------------------+
 *  |  counters metadata off (u32)  |  counters metadata len (u32)  |  32
 *  +-------------------------------+-------------------------------+
 *  |   log generation: bumped when compaction retires segments (u64)|  40
 *  +-------------------------------+-------------------------------+
 *  |   counter values offset (u32) |   counter values length (u32) |  48
 *  +-------------------------------+-------------------------------+
 *  |    boot id of the machine when the writer took the lock       |  56
 *  |    (16 bytes, most significant half first; zero if unknown)   |
 *  |                                                               |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     reserved, zero, to 4096                   |  72
 *  +---------------------------------------------------------------+
 *  |        reader table: 256 slots of 64 bytes                    |  4096
 *  +---------------------------------------------------------------+
 *  |        counters metadata: 64 records of 512 bytes             |  20480
 *  +---------------------------------------------------------------+
 *  |        counter values: 64 records of 128 bytes                |  53248
 *  +---------------------------------------------------------------+
 *  |                     reserved, zero, to 65536                  |  61440
 * </pre>
 */
public final class LockFileLayout
{
    /** Length of the file in this version. A file of 4096 bytes (an older writer's) is extended. */
    public static final int LENGTH = 65536;
    /** Length of the header page. */
    public static final int HEADER_LENGTH = 4096;
    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the u16 format version. */
    public static final int VERSION_OFFSET = 4;
    /** Offset of the holder's pid. */
    public static final int PID_OFFSET = 8;
    /** Offset of the time the lock was taken. */
    public static final int LOCKED_AT_OFFSET = 16;
    /** Offset of the reader table's location: u32 offset, u32 length. */
    public static final int READER_TABLE_OFFSET = 24;
    /** Offset of the counters metadata buffer's location: u32 offset, u32 length. */
    public static final int COUNTERS_OFFSET = 32;
    /**
     * Offset of the u64 log generation: the writer adds one each time compaction moves the log's
     * first segment, so that readers in other processes know to re-read {@code meta} when their
     * walk of the log meets a retired segment. 0 in a store never compacted.
     */
    public static final int LOG_GENERATION_OFFSET = 40;
    /** Offset of the counter values buffer's location: u32 offset, u32 length. */
    public static final int COUNTER_VALUES_OFFSET = 48;
    /**
     * Offset of the boot id (Linux's {@code /proc/sys/kernel/random/boot_id}) the writer took the lock in: two u64,
     * the UUID's most and least significant halves, zero when unknown.
     */
    public static final int BOOT_ID_OFFSET = 56;
    /** The header's fields end here: the writer reads and rewrites this much when it takes the lock. */
    public static final int WRITER_FIELDS_LENGTH = BOOT_ID_OFFSET + 2 * Long.BYTES;

    /** Where the reader table starts. */
    public static final int READER_TABLE_START = HEADER_LENGTH;
    /** Slots in the reader table. */
    public static final int READER_SLOTS = 256;
    /** Length of the reader table. */
    public static final int READER_TABLE_LENGTH = READER_SLOTS * ReaderSlotLayout.LENGTH;
    /** Where the counters metadata buffer starts. */
    public static final int COUNTERS_METADATA_START = READER_TABLE_START + READER_TABLE_LENGTH;
    /** Counters the file has room for. */
    public static final int COUNTERS = 64;
    /** Length of the counters metadata buffer (Agrona's 512 bytes a counter). */
    public static final int COUNTERS_METADATA_LENGTH = COUNTERS * 512;
    /** Where the counter values buffer starts. */
    public static final int COUNTER_VALUES_START = COUNTERS_METADATA_START + COUNTERS_METADATA_LENGTH;
    /** Length of the counter values buffer (Agrona's 128 bytes a counter). */
    public static final int COUNTER_VALUES_LENGTH = COUNTERS * 128;

    /** The byte range the writer locks: byte 0, length 1. */
    public static final long WRITER_LOCK_POSITION = 0;

    private LockFileLayout()
    {
    }
}
