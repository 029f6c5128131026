package io.pagekv.format;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A B+tree leaf page: after the {@link PageLayout header} (count = entries, aux1 = bytes used:
 * header, slots and cells; aux2 = 0; flags: {@link #FLAG_NO_RUNS} or 0) comes an array of u16 cell
 * offsets in key order; cells fill the page from its end backwards.
 *
 * <pre>
 *  page: | header (32) | slot 0 | slot 1 | ... |   free   | cell n-1 | ... | cell 0 |
 *
 *  cell:
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+---------------+---------------+
 *  |          key length           |  value kind   |     flags     |  0
 *  +-------------------------------+---------------+---------------+
 *  |  value length (inline bytes, or the run's; LZ4: the block's)   |  4
 *  +---------------------------------------------------------------+
 *  |  key bytes ... | inline value bytes, or u64 overflow page id  |  8
 * </pre>
 *
 * Slot offsets are relative to the start of the page.
 *
 * <p>Value kinds: {@link #VALUE_INLINE} and {@link #VALUE_OVERFLOW} hold the value's bytes;
 * {@link #VALUE_LZ4} and {@link #VALUE_LZ4_INLINE} hold an LZ4 block of them (in a run, or inline),
 * and their value length is the block's. Kinds from {@link #FIRST_MEMORY_KIND}
 * to 0xFF are never written to disk by any version: a writer may use them as in-memory markers.
 * The flags byte is 0 in version 1. A reader refuses a kind or flag it does not know.
 */
public final class LeafLayout
{
    /** Offset of the slot array. */
    public static final int SLOTS_OFFSET = PageLayout.HEADER_LENGTH;
    /** Bytes per slot. */
    public static final int SLOT_LENGTH = 2;
    /** Cell offset of the u16 key length. */
    public static final int KEY_LENGTH_OFFSET = 0;
    /** Cell offset of the value kind byte. */
    public static final int VALUE_KIND_OFFSET = 2;
    /** Cell offset of the flags byte, 0 in version 1. */
    public static final int CELL_FLAGS_OFFSET = 3;
    /** Cell offset of the u32 value length. */
    public static final int VALUE_LENGTH_OFFSET = 4;
    /** Cell offset of the key bytes. */
    public static final int KEY_OFFSET = 8;
    /** Cell header length. */
    public static final int CELL_HEADER_LENGTH = 8;
    /** Value kind: the value's bytes follow the key. */
    public static final int VALUE_INLINE = 0;
    /** Value kind: a u64 page id of an overflow run follows the key. */
    public static final int VALUE_OVERFLOW = 1;
    /**
     * Value kind: a u64 page id of an overflow run (page type 3) follows the key; the run holds an
     * {@link Lz4BlockLayout LZ4 block}, and the cell's value length is the block's length.
     */
    public static final int VALUE_LZ4 = 2;
    /**
     * Value kind: an {@link Lz4BlockLayout LZ4 block} follows the key; the cell's value length is
     * the block's length.
     */
    public static final int VALUE_LZ4_INLINE = 3;
    /** The first of the value kinds (up to 0xFF) that no format version writes: room for in-memory markers. */
    public static final int FIRST_MEMORY_KIND = 0x80;
    /** Bytes of an overflow reference. */
    public static final int OVERFLOW_REF_LENGTH = 8;
    /**
     * Page flag of a leaf (in {@link PageLayout#FLAGS_OFFSET}): no cell of the leaf names an
     * overflow run (value kinds {@link #VALUE_OVERFLOW} and {@link #VALUE_LZ4}), so walks looking
     * for runs skip its cells. Written with every leaf that holds none; a leaf without it (every
     * leaf of a store written before it) may hold runs. A reader checks it against the cells with
     * the page's checksum ({@link #firstRunEntry}): a leaf whose flag lies is damaged.
     */
    public static final int FLAG_NO_RUNS = 0x02;

    private LeafLayout()
    {
    }

    /**
     * @param keyLength   key bytes.
     * @param valueBytes  inline value bytes, or {@link #OVERFLOW_REF_LENGTH}.
     * @return the space one entry takes in a page, slot included.
     */
    public static int entryLength(final int keyLength, final int valueBytes)
    {
        return SLOT_LENGTH + CELL_HEADER_LENGTH + keyLength + valueBytes;
    }

    /**
     * @param buffer the buffer holding the page.
     * @param page   offset of the page.
     * @param index  entry index.
     * @return offset of the entry's cell in {@code buffer}.
     */
    public static int cell(final DirectBuffer buffer, final int page, final int index)
    {
        return page + (buffer.getShort(page + SLOTS_OFFSET + index * SLOT_LENGTH, FormatVersion.ORDER) & 0xFFFF);
    }

    /**
     * Reads a cell's whole 8-byte header in one load, for readers that want several of its
     * fields: {@link #keyLength(long)}, {@link #valueLength(long)}, {@link #isPlainInline(long)}.
     *
     * @param buffer the buffer.
     * @param cell   offset of a cell.
     * @return its header, in {@link FormatVersion#ORDER}.
     */
    public static long header(final DirectBuffer buffer, final int cell)
    {
        return buffer.getLong(cell, FormatVersion.ORDER);
    }

    /**
     * @param header a cell header ({@link #header}).
     * @return its key length.
     */
    public static int keyLength(final long header)
    {
        return (int)header & 0xFFFF;
    }

    /**
     * @param header a cell header ({@link #header}).
     * @return its value length.
     */
    public static int valueLength(final long header)
    {
        return (int)(header >>> (VALUE_LENGTH_OFFSET * Byte.SIZE));
    }

    /**
     * @param header a cell header ({@link #header}).
     * @return whether its value kind is {@link #VALUE_INLINE} and its flags 0.
     */
    public static boolean isPlainInline(final long header)
    {
        return (header & KIND_AND_FLAGS_MASK) == 0;
    }

    /** The value kind and flags bytes of a header read whole, little-endian. */
    private static final long KIND_AND_FLAGS_MASK = 0xFFFFL << (VALUE_KIND_OFFSET * Byte.SIZE);

    /**
     * @param buffer the buffer.
     * @param cell   offset of a cell.
     * @return its key length.
     */
    public static int keyLength(final DirectBuffer buffer, final int cell)
    {
        return buffer.getShort(cell + KEY_LENGTH_OFFSET, FormatVersion.ORDER) & 0xFFFF;
    }

    /**
     * @param buffer the buffer.
     * @param cell   offset of a cell.
     * @return its value kind, 0 to 0xFF.
     */
    public static int valueKind(final DirectBuffer buffer, final int cell)
    {
        return buffer.getByte(cell + VALUE_KIND_OFFSET) & 0xFF;
    }

    /**
     * @param buffer the buffer.
     * @param cell   offset of a cell.
     * @return its flags byte, 0 to 0xFF.
     */
    public static int cellFlags(final DirectBuffer buffer, final int cell)
    {
        return buffer.getByte(cell + CELL_FLAGS_OFFSET) & 0xFF;
    }

    /**
     * @param buffer the buffer.
     * @param cell   offset of a cell.
     * @return its value length.
     */
    public static int valueLength(final DirectBuffer buffer, final int cell)
    {
        return buffer.getInt(cell + VALUE_LENGTH_OFFSET, FormatVersion.ORDER);
    }

    /**
     * @param buffer the buffer.
     * @param cell   offset of a cell.
     * @return offset of its value bytes or overflow reference.
     */
    public static int valueOffset(final DirectBuffer buffer, final int cell)
    {
        return cell + KEY_OFFSET + keyLength(buffer, cell);
    }

    /**
     * @param valueKind a value kind.
     * @return whether a cell of that kind names an overflow run: {@link #VALUE_OVERFLOW} or {@link #VALUE_LZ4}.
     */
    public static boolean namesRun(final int valueKind)
    {
        return valueKind == VALUE_OVERFLOW || valueKind == VALUE_LZ4;
    }

    /**
     * @param valueKind a value kind.
     * @return whether format version {@link FormatVersion#CURRENT} writes it: a reader reads it.
     */
    public static boolean isWrittenKind(final int valueKind)
    {
        return valueKind == VALUE_INLINE || valueKind == VALUE_OVERFLOW || valueKind == VALUE_LZ4 || valueKind == VALUE_LZ4_INLINE;
    }

    /**
     * @param buffer the buffer holding a leaf page.
     * @param page   offset of the page.
     * @return whether its header says that no cell names an overflow run ({@link #FLAG_NO_RUNS}).
     */
    public static boolean claimsNoRuns(final DirectBuffer buffer, final int page)
    {
        return (PageLayout.flags(buffer, page) & FLAG_NO_RUNS) != 0;
    }

    /**
     * What {@link #FLAG_NO_RUNS} must agree with. Reads nothing outside the page, whatever its
     * count and slots say.
     *
     * @param buffer   the buffer holding a leaf page.
     * @param page     offset of the page.
     * @param pageSize the page size.
     * @return the first entry whose cell names an overflow run or whose cell header lies outside
     * the page's cell area, or -1 if there is none.
     */
    public static int firstRunEntry(final DirectBuffer buffer, final int page, final int pageSize)
    {
        final int count = PageLayout.count(buffer, page);
        final int slotsEnd = SLOTS_OFFSET + count * SLOT_LENGTH;
        if (slotsEnd > pageSize)
        {
            return 0;
        }
        for (int i = 0; i < count; i++)
        {
            final int offset = buffer.getShort(page + SLOTS_OFFSET + i * SLOT_LENGTH, FormatVersion.ORDER) & 0xFFFF;
            if (offset < slotsEnd || offset > pageSize - CELL_HEADER_LENGTH || namesRun(valueKind(buffer, page + offset)))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * Sets {@link #FLAG_NO_RUNS} in a leaf page whose header, slots and cells are written, if
     * no cell names a run; before the page is sealed.
     *
     * @param buffer   the buffer holding the page.
     * @param page     offset of the page.
     * @param pageSize the page size.
     */
    public static void flagNoRuns(final MutableDirectBuffer buffer, final int page, final int pageSize)
    {
        if (firstRunEntry(buffer, page, pageSize) < 0)
        {
            buffer.putByte(page + PageLayout.FLAGS_OFFSET, (byte)(PageLayout.flags(buffer, page) | FLAG_NO_RUNS));
        }
    }

    /**
     * Writes a cell's header and key, with flags 0; the value bytes or reference go right after
     * the key, at {@code cell} plus the returned length.
     *
     * @param buffer      the buffer.
     * @param cell        offset of the cell.
     * @param key         key bytes.
     * @param valueKind   the value kind.
     * @param valueLength the value's length.
     * @return the bytes written: header and key.
     */
    public static int writeCellHeader(
        final MutableDirectBuffer buffer,
        final int cell,
        final byte[] key,
        final int valueKind,
        final int valueLength)
    {
        buffer.putShort(cell + KEY_LENGTH_OFFSET, (short)key.length, FormatVersion.ORDER);
        buffer.putByte(cell + VALUE_KIND_OFFSET, (byte)valueKind);
        buffer.putByte(cell + CELL_FLAGS_OFFSET, (byte)0);
        buffer.putInt(cell + VALUE_LENGTH_OFFSET, valueLength, FormatVersion.ORDER);
        buffer.putBytes(cell + KEY_OFFSET, key);
        return CELL_HEADER_LENGTH + key.length;
    }
}
