package io.pagekv.format;

import org.agrona.DirectBuffer;

/**
 * An LZ4-compressed value as a leaf cell (value kind {@link LeafLayout#VALUE_LZ4_INLINE}) or an
 * overflow run (value kind {@link LeafLayout#VALUE_LZ4}) stores it: the value's length, then
 * the value compressed as one raw LZ4 block (the LZ4 block format, no frame, no checksum of its
 * own: the leaf's or the run's CRC32C covers it).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |               uncompressed length (u32, the value's)          |  0
 *  +---------------------------------------------------------------+
 *  |               LZ4 block: (stored length - 4) bytes ...        |  4
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * A reader checks the uncompressed length against its largest value and against what the block
 * can possibly inflate to before it allocates, and refuses a block that does not inflate to
 * exactly that length.
 */
public final class Lz4BlockLayout
{
    /** Offset of the u32 uncompressed length. */
    public static final int RAW_LENGTH_OFFSET = 0;
    /** Offset of the LZ4 block. */
    public static final int BLOCK_OFFSET = 4;
    /** Bytes before the LZ4 block. */
    public static final int HEADER_LENGTH = 4;

    private Lz4BlockLayout()
    {
    }

    /**
     * @param buffer the buffer holding a stored block.
     * @param offset its offset.
     * @return the uncompressed length it claims, as read (possibly negative on a damaged file).
     */
    public static int rawLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + RAW_LENGTH_OFFSET, FormatVersion.ORDER);
    }
}
