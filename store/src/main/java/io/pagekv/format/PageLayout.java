package io.pagekv.format;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.zip.CRC32C;

/**
 * The header that starts every page, and the page checksum.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |     type      |     flags     |          entry count          |  0
 *  +---------------+---------------+-------------------------------+
 *  |                  CRC32C of the page (or run)                  |  4
 *  +---------------------------------------------------------------+
 *  |                    page id (segment, index)                   |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 id of the txn that wrote the page             |  16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     aux1 (meaning by type)                    |  24
 *  +---------------------------------------------------------------+
 *  |                     aux2 (meaning by type)                    |  28
 *  +---------------------------------------------------------------+
 *  |                      type-specific body ...                   |  32
 * </pre>
 *
 * The checksum is CRC32C over the page's bytes (for an overflow run: all bytes of the run) with
 * the checksum field itself taken as zero. All fields are little-endian.
 */
public final class PageLayout
{
    /** Offset of the type byte ({@link PageType}). */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the flags byte: 0, or {@link #FLAG_PATCHABLE} on the first page of an overflow run. */
    public static final int FLAGS_OFFSET = 1;
    /**
     * Flag of an overflow run's first page: the run holds a patchable value, which patches and
     * counters change in place; its checksum is kept current by {@link CrcDelta}.
     */
    public static final int FLAG_PATCHABLE = 0x01;
    /** Offset of the u16 entry count (branch: keys; leaf: entries). */
    public static final int COUNT_OFFSET = 2;
    /** Offset of the u32 CRC32C. */
    public static final int CRC_OFFSET = 4;
    /** Offset of the u64 page id. */
    public static final int PAGE_ID_OFFSET = 8;
    /** Offset of the u64 id of the transaction that wrote the page. */
    public static final int TXN_ID_OFFSET = 16;
    /** Offset of the first type-specific u32. */
    public static final int AUX1_OFFSET = 24;
    /** Offset of the second type-specific u32. */
    public static final int AUX2_OFFSET = 28;
    /** Length of the header; the body starts here. */
    public static final int HEADER_LENGTH = 32;

    private PageLayout()
    {
    }

    /**
     * @param buffer the buffer holding the page.
     * @param page   offset of the page.
     * @return its flags byte.
     */
    public static int flags(final DirectBuffer buffer, final int page)
    {
        return buffer.getByte(page + FLAGS_OFFSET) & 0xFF;
    }

    /**
     * @param buffer the buffer holding the page.
     * @param page   offset of the page.
     * @return whether it is the first page of a patchable overflow run.
     */
    public static boolean isPatchableRun(final DirectBuffer buffer, final int page)
    {
        return type(buffer, page) == PageType.OVERFLOW && (flags(buffer, page) & FLAG_PATCHABLE) != 0;
    }

    /**
     * @param buffer the buffer holding the page.
     * @param page   offset of the page.
     * @return its type.
     */
    public static int type(final DirectBuffer buffer, final int page)
    {
        return buffer.getByte(page + TYPE_OFFSET) & 0xFF;
    }

    /**
     * @param buffer the buffer holding the page.
     * @param page   offset of the page.
     * @return its entry count.
     */
    public static int count(final DirectBuffer buffer, final int page)
    {
        return buffer.getShort(page + COUNT_OFFSET, FormatVersion.ORDER) & 0xFFFF;
    }

    /**
     * @param buffer the buffer holding the page.
     * @param page   offset of the page.
     * @return the stored checksum.
     */
    public static int crc(final DirectBuffer buffer, final int page)
    {
        return buffer.getInt(page + CRC_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer the buffer holding the page.
     * @param page   offset of the page.
     * @return the page id the page says it has.
     */
    public static long pageId(final DirectBuffer buffer, final int page)
    {
        return buffer.getLong(page + PAGE_ID_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer the buffer holding the page.
     * @param page   offset of the page.
     * @return the id of the transaction that wrote it.
     */
    public static long txnId(final DirectBuffer buffer, final int page)
    {
        return buffer.getLong(page + TXN_ID_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer the buffer holding the page.
     * @param page   offset of the page.
     * @return the first type-specific field.
     */
    public static int aux1(final DirectBuffer buffer, final int page)
    {
        return buffer.getInt(page + AUX1_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer the buffer holding the page.
     * @param page   offset of the page.
     * @return the second type-specific field.
     */
    public static int aux2(final DirectBuffer buffer, final int page)
    {
        return buffer.getInt(page + AUX2_OFFSET, FormatVersion.ORDER);
    }

    /**
     * Writes a header; the checksum is left zero until {@link #seal}.
     *
     * @param buffer the buffer holding the page.
     * @param page   offset of the page.
     * @param type   the page type.
     * @param count  the entry count.
     * @param pageId the page's own id.
     * @param txnId  the writing transaction.
     * @param aux1   first type-specific field.
     * @param aux2   second type-specific field.
     */
    public static void writeHeader(
        final MutableDirectBuffer buffer,
        final int page,
        final int type,
        final int count,
        final long pageId,
        final long txnId,
        final int aux1,
        final int aux2)
    {
        buffer.putByte(page + TYPE_OFFSET, (byte)type);
        buffer.putByte(page + FLAGS_OFFSET, (byte)0);
        buffer.putShort(page + COUNT_OFFSET, (short)count, FormatVersion.ORDER);
        buffer.putInt(page + CRC_OFFSET, 0, FormatVersion.ORDER);
        buffer.putLong(page + PAGE_ID_OFFSET, pageId, FormatVersion.ORDER);
        buffer.putLong(page + TXN_ID_OFFSET, txnId, FormatVersion.ORDER);
        buffer.putInt(page + AUX1_OFFSET, aux1, FormatVersion.ORDER);
        buffer.putInt(page + AUX2_OFFSET, aux2, FormatVersion.ORDER);
    }

    /**
     * Computes and stores the checksum of a page or run whose other bytes are final.
     *
     * @param buffer the buffer holding the page.
     * @param page   offset of the page.
     * @param length bytes covered: the page size, or the whole run's length.
     * @return the checksum.
     */
    public static int seal(final MutableDirectBuffer buffer, final int page, final int length)
    {
        buffer.putInt(page + CRC_OFFSET, 0, FormatVersion.ORDER);
        final int crc = checksum(buffer, page, length);
        buffer.putInt(page + CRC_OFFSET, crc, FormatVersion.ORDER);
        return crc;
    }

    /**
     * @param buffer the buffer holding the page.
     * @param page   offset of the page.
     * @param length bytes covered.
     * @return the CRC32C of the bytes with the checksum field taken as zero.
     */
    public static int checksum(final DirectBuffer buffer, final int page, final int length)
    {
        final CRC32C crc = new CRC32C();
        Checksums.update(crc, buffer, page, CRC_OFFSET);
        Checksums.updateZeros(crc, 4);
        Checksums.update(crc, buffer, page + CRC_OFFSET + 4, length - CRC_OFFSET - 4);
        return (int)crc.getValue();
    }
}
