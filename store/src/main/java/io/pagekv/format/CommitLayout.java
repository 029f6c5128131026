package io.pagekv.format;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A commit record: one page that leads the pages its transaction wrote (its body). In the
 * {@link PageLayout header}: count = 0, aux1 = body pages, aux2 = CRC32C over all body bytes;
 * the header checksum covers the record page and makes the record's own checksum ("record CRC").
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 root page id (u64, -1 if empty)               |  32
 *  +---------------------------------------------------------------+
 *  |           page id of the previous commit record (u64)         |  40
 *  +---------------------------------------------------------------+
 *  |                record CRC of the previous commit              |  48
 *  +---------------------------------------------------------------+
 *  |                     tree depth (0 if empty)                   |  52
 *  +---------------------------------------------------------------+
 *  |                     entry count (u64)                         |  56
 *  +---------------------------------------------------------------+
 *  |                commit time, epoch milliseconds (u64)          |  64
 *  +---------------------------------------------------------------+
 *  |        reserved, zero (patch and freed-page records)          |  72..page end
 * </pre>
 *
 * The body starts at the next page of the same segment. The next transaction's record follows
 * the body in the same segment, or is page 1 of the next segment when it did not fit.
 */
public final class CommitLayout
{
    /** Offset of the root page id. */
    public static final int ROOT_OFFSET = 32;
    /** Offset of the previous record's page id. */
    public static final int PREVIOUS_OFFSET = 40;
    /** Offset of the previous record's CRC. */
    public static final int PREVIOUS_CRC_OFFSET = 48;
    /** Offset of the tree depth. */
    public static final int DEPTH_OFFSET = 52;
    /** Offset of the entry count. */
    public static final int ENTRY_COUNT_OFFSET = 56;
    /** Offset of the commit time. */
    public static final int TIME_OFFSET = 64;
    /** First reserved byte. */
    public static final int RESERVED_OFFSET = 72;

    private CommitLayout()
    {
    }

    /**
     * @param buffer the buffer.
     * @param page   offset of the record.
     * @return the root page id.
     */
    public static long root(final DirectBuffer buffer, final int page)
    {
        return buffer.getLong(page + ROOT_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer the buffer.
     * @param page   offset of the record.
     * @return the previous record's page id.
     */
    public static long previous(final DirectBuffer buffer, final int page)
    {
        return buffer.getLong(page + PREVIOUS_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer the buffer.
     * @param page   offset of the record.
     * @return the previous record's CRC.
     */
    public static int previousCrc(final DirectBuffer buffer, final int page)
    {
        return buffer.getInt(page + PREVIOUS_CRC_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer the buffer.
     * @param page   offset of the record.
     * @return the tree depth.
     */
    public static int depth(final DirectBuffer buffer, final int page)
    {
        return buffer.getInt(page + DEPTH_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer the buffer.
     * @param page   offset of the record.
     * @return the entry count.
     */
    public static long entryCount(final DirectBuffer buffer, final int page)
    {
        return buffer.getLong(page + ENTRY_COUNT_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer the buffer.
     * @param page   offset of the record.
     * @return the commit time in epoch milliseconds.
     */
    public static long time(final DirectBuffer buffer, final int page)
    {
        return buffer.getLong(page + TIME_OFFSET, FormatVersion.ORDER);
    }

    /**
     * Writes the body fields; the header is written separately.
     *
     * @param buffer      the buffer.
     * @param page        offset of the record.
     * @param root        root page id.
     * @param previous    previous record's page id.
     * @param previousCrc previous record's CRC.
     * @param depth       tree depth.
     * @param entryCount  entry count.
     * @param time        commit time.
     */
    public static void write(
        final MutableDirectBuffer buffer,
        final int page,
        final long root,
        final long previous,
        final int previousCrc,
        final int depth,
        final long entryCount,
        final long time)
    {
        buffer.putLong(page + ROOT_OFFSET, root, FormatVersion.ORDER);
        buffer.putLong(page + PREVIOUS_OFFSET, previous, FormatVersion.ORDER);
        buffer.putInt(page + PREVIOUS_CRC_OFFSET, previousCrc, FormatVersion.ORDER);
        buffer.putInt(page + DEPTH_OFFSET, depth, FormatVersion.ORDER);
        buffer.putLong(page + ENTRY_COUNT_OFFSET, entryCount, FormatVersion.ORDER);
        buffer.putLong(page + TIME_OFFSET, time, FormatVersion.ORDER);
    }
}
