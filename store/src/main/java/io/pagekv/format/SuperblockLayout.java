package io.pagekv.format;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.zip.CRC32C;

/**
 * The {@code meta} file: two slots of {@link #SLOT_LENGTH} bytes, slot 0 at offset 0 and slot 1
 * at offset 4096, written alternately at checkpoints. The valid slot with the higher sequence
 * wins; recovery walks forward from the commit it names.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        magic "PKVM"                           |  0
 *  +-------------------------------+-------------------------------+
 *  |        format version         |            flags              |  4
 *  +-------------------------------+-------------------------------+
 *  |                          page size                            |  8
 *  +---------------------------------------------------------------+
 *  |        CRC32C of the slot (this field taken as zero)          |  12
 *  +---------------------------------------------------------------+
 *  |                 checkpoint sequence (u64)                     |  16
 *  +---------------------------------------------------------------+
 *  |                       store id (u64)                          |  24
 *  +---------------------------------------------------------------+
 *  |            page id of the checkpointed commit (u64)           |  32
 *  +---------------------------------------------------------------+
 *  |                 its transaction id (u64)                      |  40
 *  +---------------------------------------------------------------+
 *  |                    its record CRC                             |  48
 *  +---------------------------------------------------------------+
 *  |   first segment of the log: lower ones were retired (u32)     |  52
 *  +---------------------------------------------------------------+
 *  |           default segment size in bytes (u64)                 |  56
 *  +---------------------------------------------------------------+
 *  |          store creation time, epoch milliseconds (u64)        |  64
 *  +-------------------------------+-------------------------------+
 *  |  live counts: first segment   |  live counts: segments (N)    |  72
 *  +-------------------------------+-------------------------------+
 *  |  live pages of each of the N segments from the first (u32 each) |  80
 *  +---------------------------------------------------------------+
 *  |                   reserved, zero, to 4096                     |  80 + 4N
 * </pre>
 *
 * <p>The live counts are those of the checkpointed commit: how many pages of each segment its
 * tree, its overflow runs and its commit record still use. N is 0 when the writer kept no counts
 * (compaction off) or they do not fit ({@link #MAX_LIVE_COUNTS} segments).
 */
public final class SuperblockLayout
{
    /** Offset of the u32 first segment the live counts describe. */
    public static final int LIVE_FIRST_SEGMENT_OFFSET = 72;
    /** Offset of the u32 number of segments the live counts describe; 0 for none. */
    public static final int LIVE_COUNT_OFFSET = 76;
    /** Offset of the first u32 live page count. */
    public static final int LIVE_PAGES_OFFSET = 80;

    /** Bytes per slot. */
    public static final int SLOT_LENGTH = 4096;
    /** Slots in the file. */
    public static final int SLOT_COUNT = 2;
    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the u16 format version. */
    public static final int VERSION_OFFSET = 4;
    /**
     * Offset of the u16 flags: {@link #FLAG_CLOSED_CLEANLY}, the other bits 0 (this was reserved,
     * zero, before; readers that predate it ignore it).
     */
    public static final int FLAGS_OFFSET = 6;
    /**
     * Flag: the writer closed cleanly at this checkpoint. Written only by the last checkpoint of a
     * close, after every force of the log, the overflow runs and the directory; any later commit
     * lies after it in the log and any later checkpoint writes a newer slot without it.
     */
    public static final int FLAG_CLOSED_CLEANLY = 1;
    /** Offset of the page size. */
    public static final int PAGE_SIZE_OFFSET = 8;
    /** Offset of the slot CRC. */
    public static final int CRC_OFFSET = 12;
    /** Offset of the checkpoint sequence. */
    public static final int SEQUENCE_OFFSET = 16;
    /** Offset of the store id. */
    public static final int STORE_ID_OFFSET = 24;
    /**
     * Offset of the u32 lowest segment number the log still holds: compaction retired every
     * segment below it. 0 in a store never compacted (this was reserved, zero, before).
     */
    public static final int FIRST_SEGMENT_OFFSET = 52;
    /** Offset of the checkpointed commit's page id. */
    public static final int COMMIT_PAGE_OFFSET = 32;
    /** Offset of the checkpointed commit's txn id. */
    public static final int COMMIT_TXN_OFFSET = 40;
    /** Offset of the checkpointed commit's record CRC. */
    public static final int COMMIT_CRC_OFFSET = 48;
    /** Offset of the default segment size. */
    public static final int SEGMENT_SIZE_OFFSET = 56;
    /** Offset of the creation time. */
    public static final int CREATED_OFFSET = 64;

    private SuperblockLayout()
    {
    }

    /**
     * @param buffer a slot.
     * @return the magic.
     */
    public static int magic(final DirectBuffer buffer)
    {
        return buffer.getInt(MAGIC_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer a slot.
     * @return the format version.
     */
    public static int version(final DirectBuffer buffer)
    {
        return buffer.getShort(VERSION_OFFSET, FormatVersion.ORDER) & 0xFFFF;
    }

    /**
     * @param buffer a slot.
     * @return the flags, 0 to 0xFFFF.
     */
    public static int flags(final DirectBuffer buffer)
    {
        return buffer.getShort(FLAGS_OFFSET, FormatVersion.ORDER) & 0xFFFF;
    }

    /**
     * @param buffer a slot.
     * @return the page size.
     */
    public static int pageSize(final DirectBuffer buffer)
    {
        return buffer.getInt(PAGE_SIZE_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer a slot.
     * @return the stored CRC.
     */
    public static int crc(final DirectBuffer buffer)
    {
        return buffer.getInt(CRC_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer a slot.
     * @return the CRC computed over the slot.
     */
    public static int computeCrc(final DirectBuffer buffer)
    {
        final CRC32C crc = new CRC32C();
        Checksums.update(crc, buffer, 0, CRC_OFFSET);
        Checksums.updateZeros(crc, 4);
        Checksums.update(crc, buffer, CRC_OFFSET + 4, SLOT_LENGTH - CRC_OFFSET - 4);
        return (int)crc.getValue();
    }

    /**
     * @param buffer a slot.
     * @return the checkpoint sequence.
     */
    public static long sequence(final DirectBuffer buffer)
    {
        return buffer.getLong(SEQUENCE_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer a slot.
     * @return the store id.
     */
    public static long storeId(final DirectBuffer buffer)
    {
        return buffer.getLong(STORE_ID_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer a slot.
     * @return the checkpointed commit's page id.
     */
    public static long commitPage(final DirectBuffer buffer)
    {
        return buffer.getLong(COMMIT_PAGE_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer a slot.
     * @return the checkpointed commit's txn id.
     */
    public static long commitTxn(final DirectBuffer buffer)
    {
        return buffer.getLong(COMMIT_TXN_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer a slot.
     * @return the checkpointed commit's record CRC.
     */
    public static int commitCrc(final DirectBuffer buffer)
    {
        return buffer.getInt(COMMIT_CRC_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer a slot.
     * @return the lowest segment number the log still holds.
     */
    public static int firstSegment(final DirectBuffer buffer)
    {
        return buffer.getInt(FIRST_SEGMENT_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer a slot.
     * @return the default segment size.
     */
    public static long segmentSize(final DirectBuffer buffer)
    {
        return buffer.getLong(SEGMENT_SIZE_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer a slot.
     * @return the creation time.
     */
    public static long created(final DirectBuffer buffer)
    {
        return buffer.getLong(CREATED_OFFSET, FormatVersion.ORDER);
    }

    /** Segments whose live counts fit in a slot. */
    public static final int MAX_LIVE_COUNTS = (4096 - LIVE_PAGES_OFFSET) / 4;

    /**
     * @param buffer a slot.
     * @return the first segment the live counts describe.
     */
    public static int liveFirstSegment(final DirectBuffer buffer)
    {
        return buffer.getInt(LIVE_FIRST_SEGMENT_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer a slot.
     * @return how many segments the live counts describe, 0 for none; read as unsigned.
     */
    public static long liveCount(final DirectBuffer buffer)
    {
        return Integer.toUnsignedLong(buffer.getInt(LIVE_COUNT_OFFSET, FormatVersion.ORDER));
    }

    /**
     * @param buffer a slot.
     * @param i      which segment after the first, below {@link #liveCount}.
     * @return its live pages, read as unsigned.
     */
    public static long livePages(final DirectBuffer buffer, final int i)
    {
        return Integer.toUnsignedLong(buffer.getInt(LIVE_PAGES_OFFSET + 4 * i, FormatVersion.ORDER));
    }

    /**
     * Writes live counts into a slot that {@link #write} filled, and its CRC again.
     *
     * @param buffer       the slot.
     * @param firstSegment the first segment described.
     * @param livePages    live pages of each segment from it; at most {@link #MAX_LIVE_COUNTS}.
     */
    public static void writeLiveCounts(final MutableDirectBuffer buffer, final int firstSegment, final long[] livePages)
    {
        if (livePages.length > MAX_LIVE_COUNTS)
        {
            throw new IllegalArgumentException(livePages.length + " live counts do not fit a superblock slot");
        }
        buffer.putInt(LIVE_FIRST_SEGMENT_OFFSET, firstSegment, FormatVersion.ORDER);
        buffer.putInt(LIVE_COUNT_OFFSET, livePages.length, FormatVersion.ORDER);
        for (int i = 0; i < livePages.length; i++)
        {
            buffer.putInt(LIVE_PAGES_OFFSET + 4 * i, (int)livePages[i], FormatVersion.ORDER);
        }
        buffer.putInt(CRC_OFFSET, computeCrc(buffer), FormatVersion.ORDER);
    }

    /**
     * Fills a whole slot, CRC included.
     *
     * @param buffer      a slot-sized buffer.
     * @param pageSize    the page size.
     * @param sequence    the checkpoint sequence.
     * @param storeId     the store id.
     * @param commitPage  the checkpointed commit's page id.
     * @param commitTxn   its txn id.
     * @param commitCrc   its record CRC.
     * @param firstSegment the lowest segment number the log still holds.
     * @param segmentSize the default segment size.
     * @param created     the creation time.
     * @param flags       the flags ({@link #FLAG_CLOSED_CLEANLY} or 0).
     */
    public static void write(
        final MutableDirectBuffer buffer,
        final int pageSize,
        final long sequence,
        final long storeId,
        final long commitPage,
        final long commitTxn,
        final int commitCrc,
        final int firstSegment,
        final long segmentSize,
        final long created,
        final int flags)
    {
        buffer.setMemory(0, SLOT_LENGTH, (byte)0);
        buffer.putInt(MAGIC_OFFSET, FormatVersion.SUPERBLOCK_MAGIC, FormatVersion.ORDER);
        buffer.putShort(VERSION_OFFSET, (short)FormatVersion.CURRENT, FormatVersion.ORDER);
        buffer.putShort(FLAGS_OFFSET, (short)flags, FormatVersion.ORDER);
        buffer.putInt(PAGE_SIZE_OFFSET, pageSize, FormatVersion.ORDER);
        buffer.putLong(SEQUENCE_OFFSET, sequence, FormatVersion.ORDER);
        buffer.putLong(STORE_ID_OFFSET, storeId, FormatVersion.ORDER);
        buffer.putLong(COMMIT_PAGE_OFFSET, commitPage, FormatVersion.ORDER);
        buffer.putLong(COMMIT_TXN_OFFSET, commitTxn, FormatVersion.ORDER);
        buffer.putInt(COMMIT_CRC_OFFSET, commitCrc, FormatVersion.ORDER);
        buffer.putInt(FIRST_SEGMENT_OFFSET, firstSegment, FormatVersion.ORDER);
        buffer.putLong(SEGMENT_SIZE_OFFSET, segmentSize, FormatVersion.ORDER);
        buffer.putLong(CREATED_OFFSET, created, FormatVersion.ORDER);
        buffer.putInt(CRC_OFFSET, computeCrc(buffer), FormatVersion.ORDER);
    }
}
