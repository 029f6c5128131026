package io.pagekv.value;

import io.pagekv.CorruptStoreException;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.OverflowLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The one reader of a leaf cell's stored bytes: every get, view, cursor and write transaction
 * finds them here, inline in the leaf or in its overflow run. The stored bytes are the value
 * itself, or for the compressed kinds an LZ4 block that {@link ValueReader} inflates. It refuses,
 * with a {@link CorruptStoreException} naming file, page and offset, a cell whose value kind this
 * build does not read (in-memory markers, anything unknown), whose flags byte is not 0, or whose
 * stored bytes do not lie where the cell says; it never guesses.
 *
 * <p>Two entry points: {@link #wrapStored} for a cell of a committed leaf in a mapped
 * {@link Segment} (zero-copy, allocation-free: the hot read path), and {@link #storedCopy} for a
 * cell a dirty leaf copied from a committed page after {@link #check} passed it.
 *
 * <p>Stateless and thread-safe.
 */
public final class ValueDecoder
{
    private ValueDecoder()
    {
    }

    /**
     * Refuses a committed cell that this build cannot read: an unknown or in-memory value kind, a
     * flag, or inline bytes running past its page.
     *
     * @param leaf     the segment holding the leaf page.
     * @param cell     offset of the cell in {@link Segment#buffer()}.
     * @param pageSize the store's page size.
     * @return the cell's value kind, one that {@link ValueKind#isReadable} accepts.
     * @throws CorruptStoreException if the cell is refused.
     */
    public static int check(final Segment leaf, final int cell, final int pageSize)
    {
        final DirectBuffer buffer = leaf.buffer();
        final int kind = readableKind(leaf, cell, pageSize);
        if (!ValueKind.hasRun(kind))
        {
            checkInline(leaf, cell, LeafLayout.valueOffset(buffer, cell), LeafLayout.valueLength(buffer, cell), pageSize);
        }
        return kind;
    }

    /**
     * Points {@code view} at the stored bytes of a committed leaf cell, zero-copy: inline in the
     * leaf, or in its overflow run, whose checksum is checked on first read.
     *
     * @param pages the page store.
     * @param leaf  the segment holding the leaf page.
     * @param cell  offset of the cell in {@link Segment#buffer()}.
     * @param view  wrapped over the stored bytes; valid as long as the mapping, which outlives the store.
     * @return the cell's value kind: {@link ValueKind#isCompressed} says whether {@code view} holds an LZ4 block.
     * @throws CorruptStoreException if the cell is refused ({@link #check}) or its run is damaged.
     */
    public static int wrapStored(final PageStore pages, final Segment leaf, final int cell, final UnsafeBuffer view)
    {
        final UnsafeBuffer buffer = leaf.buffer();
        final int kind = readableKind(leaf, cell, pages.pageSize());
        final int length = LeafLayout.valueLength(buffer, cell);
        final int valueOffset = LeafLayout.valueOffset(buffer, cell);
        if (!ValueKind.hasRun(kind))
        {
            checkInline(leaf, cell, valueOffset, length, pages.pageSize());
            view.wrap(buffer, valueOffset, length);
            return kind;
        }
        final long runId = buffer.getLong(valueOffset, FormatVersion.ORDER);
        final Segment run = pages.segment(runId);
        view.wrap(run.buffer(), runValueOffset(run, runId, length), length);
        return kind;
    }

    /**
     * Where a committed cell's stored bytes begin, as one number unique in the store's life: the
     * segment number in the high 32 bits, the byte offset in that segment file in the low 32. A
     * segment number is never given to a second file that held a commit, and a committed page is
     * never rewritten (in-place patches invalidate what they touch), so a location names the
     * same stored bytes for as long as it is reachable.
     *
     * @param pages the page store.
     * @param leaf  the segment holding the leaf page.
     * @param cell  offset of a cell that {@link #check} or {@link #wrapStored} passed.
     * @return the location of its stored bytes.
     */
    public static long location(final PageStore pages, final Segment leaf, final int cell)
    {
        final UnsafeBuffer buffer = leaf.buffer();
        final int valueOffset = LeafLayout.valueOffset(buffer, cell);
        if (!ValueKind.hasRun(LeafLayout.valueKind(buffer, cell)))
        {
            return location(leaf.number(), valueOffset);
        }
        final long runId = buffer.getLong(valueOffset, FormatVersion.ORDER);
        return location(PageAddress.segment(runId), (long)PageAddress.pageIndex(runId) * pages.pageSize());
    }

    /**
     * @param segment a segment number.
     * @param offset  a byte offset in its file.
     * @return the location, as {@link #location(PageStore, Segment, int)} numbers them.
     */
    public static long location(final int segment, final long offset)
    {
        return ((long)segment << 32) | offset;
    }

    /**
     * Copies the stored bytes of a cell that {@link #check} passed, wherever the cell now lies (a
     * dirty leaf keeps such cells in its own heap): the value, or its LZ4 block.
     *
     * @param pages  the page store.
     * @param buffer the buffer holding the cell.
     * @param cell   offset of the cell.
     * @return a new array holding the stored bytes.
     * @throws CorruptStoreException if its overflow run is damaged.
     * @throws IllegalStateException if the cell holds a kind {@link #check} would have refused: a bug.
     */
    public static byte[] storedCopy(final PageStore pages, final DirectBuffer buffer, final int cell)
    {
        final int kind = LeafLayout.valueKind(buffer, cell);
        if (!ValueKind.isReadable(kind))
        {
            throw new IllegalStateException("a cell of value kind " + ValueKind.name(kind) + " was not checked");
        }
        final int length = LeafLayout.valueLength(buffer, cell);
        final int valueOffset = LeafLayout.valueOffset(buffer, cell);
        final byte[] value = new byte[length];
        if (!ValueKind.hasRun(kind))
        {
            buffer.getBytes(valueOffset, value);
            return value;
        }
        final long runId = buffer.getLong(valueOffset, FormatVersion.ORDER);
        final Segment run = pages.segment(runId);
        run.buffer().getBytes(runValueOffset(run, runId, length), value);
        return value;
    }

    /**
     * @return the offset in {@code run}'s buffer of the stored bytes of the overflow run
     * {@code runId}, after checking the run and that it holds {@code length} bytes.
     */
    private static int runValueOffset(final Segment run, final long runId, final int length)
    {
        final int pageIndex = PageAddress.pageIndex(runId);
        final int offset = run.checkedPage(pageIndex, PageType.OVERFLOW);
        final int stored = PageLayout.aux2(run.buffer(), offset);
        if (stored != length)
        {
            throw run.corrupt(pageIndex, offset + PageLayout.AUX2_OFFSET,
                "overflow run holds " + stored + " bytes, the leaf entry says " + length);
        }
        return offset + OverflowLayout.VALUE_OFFSET;
    }

    private static int readableKind(final Segment leaf, final int cell, final int pageSize)
    {
        final DirectBuffer buffer = leaf.buffer();
        final int kind = LeafLayout.valueKind(buffer, cell);
        if (LeafLayout.cellFlags(buffer, cell) != 0 || !ValueKind.isReadable(kind))
        {
            throw refuse(leaf, cell, pageSize);
        }
        return kind;
    }

    private static void checkInline(
        final Segment leaf, final int cell, final int valueOffset, final int length, final int pageSize)
    {
        // Pages are aligned to the page size, a power of two.
        final int pageEnd = (cell | (pageSize - 1)) + 1;
        if (length < 0 || (long)valueOffset + length > pageEnd)
        {
            throw leaf.corrupt(cell / pageSize, cell + LeafLayout.VALUE_LENGTH_OFFSET,
                "inline value of " + length + " bytes runs past the end of its leaf page");
        }
    }

    private static CorruptStoreException refuse(final Segment leaf, final int cell, final int pageSize)
    {
        final DirectBuffer buffer = leaf.buffer();
        final int flags = LeafLayout.cellFlags(buffer, cell);
        if (flags != 0)
        {
            return leaf.corrupt(cell / pageSize, cell + LeafLayout.CELL_FLAGS_OFFSET,
                "leaf cell has flags 0x" + Integer.toHexString(flags) + ", which this build does not read (format version " +
                FormatVersion.CURRENT + " writes 0)");
        }
        return leaf.corrupt(cell / pageSize, cell + LeafLayout.VALUE_KIND_OFFSET,
            "leaf cell has value kind " + ValueKind.name(LeafLayout.valueKind(buffer, cell)) + ", which this build does not read");
    }
}
