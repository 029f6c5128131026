package io.pagekv.format;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A patch record (page type 7) in the log: the journal entry of one in-place patch of a
 * patchable value, written (and forced) before the bytes are written in place. It follows a
 * commit's body, or another patch record, by the log's one placement rule; recovery re-applies
 * every patch record it walks past after the checkpoint.
 *
 * <p>Header: type 7, page id = its own address, txn id = the commit it follows, aux1 = pages
 * after the record page, aux2 = 0. The header CRC covers the record page and those pages, as
 * for an overflow run. The patched bytes start at {@link #BYTES_OFFSET} and run on into the
 * following pages; the rest of the last page is zero.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  page header (32 bytes, type 7)               |  0
 *  +---------------------------------------------------------------+
 *  |                target: first page id of the run               |  32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |               offset of the patch inside the value            |  40
 *  +---------------------------------------------------------------+
 *  |                   length of the patched bytes                 |  44
 *  +---------------------------------------------------------------+
 *  |          page id of the commit record this one follows        |  48
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |               record CRC of that commit record                |  56
 *  +---------------------------------------------------------------+
 *  |                         reserved, 0                           |  60
 *  +---------------------------------------------------------------+
 *  |                     the patched bytes ...                     |  64
 * </pre>
 */
public final class PatchRecordLayout
{
    /** Offset of the u64 page id of the patched overflow run's first page. */
    public static final int TARGET_OFFSET = 32;
    /** Offset of the u32 offset of the patch inside the value. */
    public static final int VALUE_OFFSET_OFFSET = 40;
    /** Offset of the u32 number of patched bytes. */
    public static final int LENGTH_OFFSET = 44;
    /** Offset of the u64 page id of the commit record the patch follows. */
    public static final int COMMIT_OFFSET = 48;
    /** Offset of the u32 record CRC of that commit record. */
    public static final int COMMIT_CRC_OFFSET = 56;
    /** Offset of the patched bytes. */
    public static final int BYTES_OFFSET = 64;

    private PatchRecordLayout()
    {
    }

    /**
     * @param length   bytes patched.
     * @param pageSize the store's page size.
     * @return pages the record takes, its own page included.
     */
    public static int pagesFor(final int length, final int pageSize)
    {
        return (int)(((long)BYTES_OFFSET + length + pageSize - 1) / pageSize);
    }

    /**
     * Writes the fields after the header.
     *
     * @param buffer      the buffer holding the record.
     * @param record      its offset.
     * @param target      the run patched.
     * @param valueOffset where in the value.
     * @param length      bytes patched.
     * @param commit      the commit record it follows.
     * @param commitCrc   that record's CRC.
     */
    public static void write(
        final MutableDirectBuffer buffer, final int record, final long target, final int valueOffset, final int length,
        final long commit, final int commitCrc)
    {
        buffer.putLong(record + TARGET_OFFSET, target, FormatVersion.ORDER);
        buffer.putInt(record + VALUE_OFFSET_OFFSET, valueOffset, FormatVersion.ORDER);
        buffer.putInt(record + LENGTH_OFFSET, length, FormatVersion.ORDER);
        buffer.putLong(record + COMMIT_OFFSET, commit, FormatVersion.ORDER);
        buffer.putInt(record + COMMIT_CRC_OFFSET, commitCrc, FormatVersion.ORDER);
        buffer.putInt(record + COMMIT_CRC_OFFSET + 4, 0, FormatVersion.ORDER);
    }

    /** @return the patched run's id. */
    public static long target(final DirectBuffer buffer, final int record)
    {
        return buffer.getLong(record + TARGET_OFFSET, FormatVersion.ORDER);
    }

    /** @return the offset of the patch inside the value. */
    public static int valueOffset(final DirectBuffer buffer, final int record)
    {
        return buffer.getInt(record + VALUE_OFFSET_OFFSET, FormatVersion.ORDER);
    }

    /** @return bytes patched. */
    public static int length(final DirectBuffer buffer, final int record)
    {
        return buffer.getInt(record + LENGTH_OFFSET, FormatVersion.ORDER);
    }

    /** @return the commit record it follows. */
    public static long commit(final DirectBuffer buffer, final int record)
    {
        return buffer.getLong(record + COMMIT_OFFSET, FormatVersion.ORDER);
    }

    /** @return that commit record's CRC. */
    public static int commitCrc(final DirectBuffer buffer, final int record)
    {
        return buffer.getInt(record + COMMIT_CRC_OFFSET, FormatVersion.ORDER);
    }
}
