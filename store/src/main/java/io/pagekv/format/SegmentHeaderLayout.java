package io.pagekv.format;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Page 0 of every segment file {@code seg-NNNNNN}: says which store and which segment the file
 * is, so a file from another store or a renamed file is caught. In the {@link PageLayout header}:
 * type = {@link PageType#SEGMENT_HEADER}, count = 0, page id = (segment, 0), txn id = the
 * transaction that created the segment, aux1 = aux2 = 0.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       magic "PKVS"                            |  32
 *  +-------------------------------+-------------------------------+
 *  |        format version         |           reserved            |  36
 *  +-------------------------------+-------------------------------+
 *  |                         page size                             |  40
 *  +---------------------------------------------------------------+
 *  |                       segment number                          |  44
 *  +---------------------------------------------------------------+
 *  |                       store id (u64)                          |  48
 *  +---------------------------------------------------------------+
 *  |               capacity in pages (u64, file length / page)     |  56
 *  +---------------------------------------------------------------+
 *  |              creation time, epoch milliseconds (u64)          |  64
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class SegmentHeaderLayout
{
    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 32;
    /** Offset of the u16 format version. */
    public static final int VERSION_OFFSET = 36;
    /** Offset of the page size. */
    public static final int PAGE_SIZE_OFFSET = 40;
    /** Offset of the segment number. */
    public static final int SEGMENT_OFFSET = 44;
    /** Offset of the store id. */
    public static final int STORE_ID_OFFSET = 48;
    /** Offset of the capacity in pages. */
    public static final int CAPACITY_OFFSET = 56;
    /** Offset of the creation time. */
    public static final int CREATED_OFFSET = 64;

    private SegmentHeaderLayout()
    {
    }

    /**
     * @param buffer the buffer.
     * @return the magic.
     */
    public static int magic(final DirectBuffer buffer)
    {
        return buffer.getInt(MAGIC_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer the buffer.
     * @return the format version.
     */
    public static int version(final DirectBuffer buffer)
    {
        return buffer.getShort(VERSION_OFFSET, FormatVersion.ORDER) & 0xFFFF;
    }

    /**
     * @param buffer the buffer.
     * @return the page size.
     */
    public static int pageSize(final DirectBuffer buffer)
    {
        return buffer.getInt(PAGE_SIZE_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer the buffer.
     * @return the segment number.
     */
    public static int segment(final DirectBuffer buffer)
    {
        return buffer.getInt(SEGMENT_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer the buffer.
     * @return the store id.
     */
    public static long storeId(final DirectBuffer buffer)
    {
        return buffer.getLong(STORE_ID_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer the buffer.
     * @return the capacity in pages.
     */
    public static long capacity(final DirectBuffer buffer)
    {
        return buffer.getLong(CAPACITY_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer the buffer.
     * @return the creation time.
     */
    public static long created(final DirectBuffer buffer)
    {
        return buffer.getLong(CREATED_OFFSET, FormatVersion.ORDER);
    }

    /**
     * Writes a whole, sealed segment header page at offset 0 of {@code buffer}.
     *
     * @param buffer   a page-sized buffer.
     * @param pageSize the page size.
     * @param segment  the segment number.
     * @param storeId  the store id.
     * @param capacity capacity in pages.
     * @param txnId    the creating transaction.
     * @param created  creation time.
     */
    public static void write(
        final MutableDirectBuffer buffer,
        final int pageSize,
        final int segment,
        final long storeId,
        final long capacity,
        final long txnId,
        final long created)
    {
        buffer.setMemory(0, pageSize, (byte)0);
        PageLayout.writeHeader(buffer, 0, PageType.SEGMENT_HEADER, 0, PageAddress.of(segment, 0), txnId, 0, 0);
        buffer.putInt(MAGIC_OFFSET, FormatVersion.SEGMENT_MAGIC, FormatVersion.ORDER);
        buffer.putShort(VERSION_OFFSET, (short)FormatVersion.CURRENT, FormatVersion.ORDER);
        buffer.putInt(PAGE_SIZE_OFFSET, pageSize, FormatVersion.ORDER);
        buffer.putInt(SEGMENT_OFFSET, segment, FormatVersion.ORDER);
        buffer.putLong(STORE_ID_OFFSET, storeId, FormatVersion.ORDER);
        buffer.putLong(CAPACITY_OFFSET, capacity, FormatVersion.ORDER);
        buffer.putLong(CREATED_OFFSET, created, FormatVersion.ORDER);
        PageLayout.seal(buffer, 0, pageSize);
    }
}
