package io.pagekv.btree;

import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.OverflowLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import io.pagekv.value.ValueDecoder;
import io.pagekv.value.ValueKind;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * A dirty leaf kept close to its page image, the way LMDB edits a copied page: the committed
 * page's cells are copied in once, and inserts and deletes move only slot offsets and the new
 * cell, with no object per entry. The cell heap is twice a page long so that an insert always
 * fits before the leaf is split; the leaf is written out densely as one page at commit.
 *
 * <pre>
 *  slots: int offsets into the heap, in key order
 *  heap:  |              free              | <- cells (any order, with garbage) |
 *         0                                                        2 x page size
 * </pre>
 *
 * A cell is laid out as on disk ({@link LeafLayout}) with one more value kind, held only in
 * memory: {@link #VALUE_PENDING}, a new large value waiting in {@link #pending} for its
 * overflow run, referenced by index. Its number lies where no format version has a kind
 * ({@link LeafLayout#FIRST_MEMORY_KIND} and up), and {@link #writeTo} refuses to write any such
 * kind. Cells copied from a committed page have passed {@link ValueDecoder#check}, so a dirty
 * leaf never holds, nor writes again, a kind or flag this build does not know.
 */
final class LeafNode extends Node
{
    /** In-memory value kind: a new large value, index into {@link #pending} in the 8 reference bytes. */
    static final int VALUE_PENDING = LeafLayout.FIRST_MEMORY_KIND;

    private final int pageSize;
    private final UnsafeBuffer image;
    private int[] slots = new int[16];
    private int cellStart;
    private byte[][] pending = new byte[0][];
    /** Whether each pending value goes to a patchable run ({@link PageLayout#FLAG_PATCHABLE}). */
    private boolean[] pendingPatchable = new boolean[0];
    private int pendingCount;
    /** Pages of the overflow runs that this leaf's new large values will take at commit. */
    int newOverflowPages;

    /**
     * @param pageSize     the page size.
     * @param sourcePageId the committed page copied, or {@link PageAddress#NONE} for a new leaf.
     */
    LeafNode(final int pageSize, final long sourcePageId)
    {
        super(PageLayout.HEADER_LENGTH, sourcePageId);
        this.pageSize = pageSize;
        this.image = new UnsafeBuffer(new byte[2 * pageSize - PageLayout.HEADER_LENGTH]);
        this.cellStart = image.capacity();
    }

    /**
     * Copies a committed leaf page, refusing it if any cell holds a value this build cannot read.
     *
     * @param segment  the segment holding the page.
     * @param page     its offset in the segment's buffer.
     * @param pageId   its id.
     * @param pageSize the page size.
     * @return the dirty copy.
     * @throws io.pagekv.CorruptStoreException if {@link ValueDecoder#check} refuses a cell.
     */
    static LeafNode copyOf(final Segment segment, final int page, final long pageId, final int pageSize)
    {
        final UnsafeBuffer buffer = segment.buffer();
        final LeafNode leaf = new LeafNode(pageSize, pageId);
        final int count = PageLayout.count(buffer, page);
        leaf.slots = new int[Math.max(16, count + count / 2)];
        // Cells keep their offsets from the page's end, so that the free space lies below them.
        final int shift = leaf.image.capacity() - pageSize;
        int low = pageSize;
        for (int i = 0; i < count; i++)
        {
            final int cell = LeafLayout.cell(buffer, page, i) - page;
            ValueDecoder.check(segment, page + cell, pageSize);
            low = Math.min(low, cell);
            leaf.slots[i] = shift + cell;
            leaf.bytes += LeafLayout.SLOT_LENGTH + cellLength(buffer, page + cell);
        }
        buffer.getBytes(page + low, leaf.image, shift + low, pageSize - low);
        leaf.size = count;
        leaf.cellStart = shift + low;
        return leaf;
    }

    /**
     * @param buffer    the buffer holding a committed leaf.
     * @param page      its offset.
     * @param inSegment which segments to look for.
     * @return whether a large value of the leaf has its overflow run in such a segment.
     */
    static boolean hasRunIn(final DirectBuffer buffer, final int page, final IntPredicate inSegment, final PageStore pages)
    {
        final int count = PageLayout.count(buffer, page);
        for (int i = 0; i < count; i++)
        {
            final int cell = LeafLayout.cell(buffer, page, i);
            if (LeafLayout.valueKind(buffer, cell) == LeafLayout.VALUE_OVERFLOW)
            {
                final long run = buffer.getLong(LeafLayout.valueOffset(buffer, cell), FormatVersion.ORDER);
                if (inSegment.test(PageAddress.segment(run)) && !isPatchable(pages, run))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @return whether the committed overflow run {@code runId} is patchable: compaction never moves
     * one (decision 20), since patches and counters of other processes write to it in place.
     */
    static boolean isPatchable(final PageStore pages, final long runId)
    {
        final Segment segment = pages.segment(runId);
        return PageLayout.isPatchableRun(segment.buffer(), segment.offset(PageAddress.pageIndex(runId)));
    }

    @Override
    boolean isLeaf()
    {
        return true;
    }

    private static int cellLength(final DirectBuffer buffer, final int cell)
    {
        return LeafLayout.CELL_HEADER_LENGTH + LeafLayout.keyLength(buffer, cell) +
            ValueKind.storedLength(LeafLayout.valueKind(buffer, cell), LeafLayout.valueLength(buffer, cell));
    }

    private int slot(final int index)
    {
        return slots[index];
    }

    @Override
    int search(final byte[] key)
    {
        final byte[] bytes = image.byteArray();
        int low = 0;
        int high = size - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int cell = slot(mid);
            final int from = cell + LeafLayout.KEY_OFFSET;
            final int cmp = Arrays.compareUnsigned(bytes, from, from + LeafLayout.keyLength(image, cell), key, 0, key.length);
            if (cmp < 0)
            {
                low = mid + 1;
            }
            else if (cmp > 0)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -(low + 1);
    }

    /**
     * @return a copy of the key at {@code index}.
     */
    byte[] key(final int index)
    {
        final int cell = slot(index);
        final byte[] key = new byte[LeafLayout.keyLength(image, cell)];
        image.getBytes(cell + LeafLayout.KEY_OFFSET, key);
        return key;
    }

    /**
     * @param index an entry index.
     * @param pages the page store, for a committed value's overflow run.
     * @return a copy of the value at {@code index}: a pending one, or one read by the {@link ValueDecoder}.
     */
    byte[] value(final int index, final PageStore pages)
    {
        final int cell = slot(index);
        if (isPending(cell))
        {
            return pending[pendingIndex(cell)].clone();
        }
        return ValueDecoder.copy(pages, image, cell);
    }

    private boolean isPending(final int cell)
    {
        return LeafLayout.valueKind(image, cell) == VALUE_PENDING;
    }

    private int pendingIndex(final int cell)
    {
        return (int)image.getLong(LeafLayout.valueOffset(image, cell), FormatVersion.ORDER);
    }

    /**
     * Inserts a new entry at {@code index}; the value goes inline or, when large, waits for its
     * overflow run.
     */
    void insert(final int index, final byte[] key, final byte[] value, final boolean patchable)
    {
        if (!patchable && Keys.isInline(pageSize, key.length, value.length))
        {
            final int cell = allocateCell(index, LeafLayout.CELL_HEADER_LENGTH + key.length + value.length);
            image.putBytes(cell + LeafLayout.writeCellHeader(image, cell, key, LeafLayout.VALUE_INLINE, value.length), value);
            return;
        }
        final int cell = allocateCell(index, LeafLayout.CELL_HEADER_LENGTH + key.length + LeafLayout.OVERFLOW_REF_LENGTH);
        image.putLong(cell + LeafLayout.writeCellHeader(image, cell, key, VALUE_PENDING, value.length),
            addPending(value, patchable), FormatVersion.ORDER);
        newOverflowPages += OverflowLayout.pagesFor(value.length, pageSize);
    }

    /**
     * Replaces the value at {@code index}.
     *
     * @param patchable  whether the new value goes to a patchable run of its own.
     * @param superseded told of the old value's overflow run if it was committed.
     */
    void replace(final int index, final byte[] value, final boolean patchable, final SupersededPages superseded)
    {
        final byte[] key = key(index);
        remove(index, superseded);
        insert(index, key, value, patchable);
    }

    /**
     * Gives every committed large value whose overflow run starts in a segment {@code inSegment}
     * accepts a new run at the next commit: the value is read back and waits as a new large value.
     *
     * @param inSegment  which segments' runs to renew.
     * @param pages      the page store, to read the values.
     * @param superseded told of each old run.
     * @return pages the new runs will take.
     */
    int renewRuns(final IntPredicate inSegment, final PageStore pages, final SupersededPages superseded)
    {
        int renewed = 0;
        for (int index = 0; index < size; index++)
        {
            final int cell = slot(index);
            if (LeafLayout.valueKind(image, cell) != LeafLayout.VALUE_OVERFLOW)
            {
                continue;
            }
            final long run = image.getLong(LeafLayout.valueOffset(image, cell), FormatVersion.ORDER);
            if (inSegment.test(PageAddress.segment(run)) && !isPatchable(pages, run))
            {
                final byte[] value = value(index, pages);
                replace(index, value, false, superseded);
                renewed += OverflowLayout.pagesFor(value.length, pageSize);
            }
        }
        return renewed;
    }

    /**
     * Removes the entry at {@code index}; its cell's space is reclaimed at the next compaction.
     *
     * @param superseded told of the value's overflow run if it was committed.
     */
    void remove(final int index, final SupersededPages superseded)
    {
        final int cell = slot(index);
        if (LeafLayout.valueKind(image, cell) == LeafLayout.VALUE_OVERFLOW)
        {
            superseded.addRun(image.getLong(LeafLayout.valueOffset(image, cell), FormatVersion.ORDER),
                LeafLayout.valueLength(image, cell), pageSize);
        }
        discard(index);
    }

    /**
     * Drops the entry at {@code index}, whose value lives on elsewhere (moved to a sibling) or
     * nowhere; a pending value is forgotten.
     */
    private void discard(final int index)
    {
        final int cell = slot(index);
        final int length = cellLength(image, cell);
        if (isPending(cell))
        {
            final int p = pendingIndex(cell);
            newOverflowPages -= OverflowLayout.pagesFor(pending[p].length, pageSize);
            pending[p] = null;
        }
        System.arraycopy(slots, index + 1, slots, index, size - index - 1);
        size--;
        bytes -= LeafLayout.SLOT_LENGTH + length;
    }

    /**
     * Moves the upper part of this leaf, by bytes, into a new right sibling.
     *
     * @return the new right sibling.
     */
    LeafNode split()
    {
        final int half = (bytes - PageLayout.HEADER_LENGTH) / 2;
        int at = 0;
        int left = 0;
        while (at < size - 1 && left < half)
        {
            left += LeafLayout.SLOT_LENGTH + cellLength(image, slot(at));
            at++;
        }
        at = Math.max(1, at);
        final LeafNode right = new LeafNode(pageSize, PageAddress.NONE);
        for (int i = at; i < size; i++)
        {
            right.appendCellOf(this, i);
        }
        while (size > at)
        {
            discard(size - 1);
        }
        return right;
    }

    /**
     * @return the bytes this leaf would take with every entry of {@code right} appended.
     */
    int mergedBytes(final LeafNode right)
    {
        return bytes + right.bytes - PageLayout.HEADER_LENGTH;
    }

    /**
     * Appends every entry of {@code right}, whose keys all sort after this leaf's.
     */
    void absorb(final LeafNode right)
    {
        for (int i = 0; i < right.size; i++)
        {
            appendCellOf(right, i);
        }
    }

    private void appendCellOf(final LeafNode source, final int index)
    {
        final int from = source.slot(index);
        final int length = cellLength(source.image, from);
        final int cell = allocateCell(size, length);
        image.putBytes(cell, source.image, from, length);
        if (isPending(cell))
        {
            final int valueOffset = LeafLayout.valueOffset(image, cell);
            final int p = source.pendingIndex(from);
            final byte[] value = source.pending[p];
            image.putLong(valueOffset, addPending(value, source.pendingPatchable[p]), FormatVersion.ORDER);
            newOverflowPages += OverflowLayout.pagesFor(value.length, pageSize);
        }
    }

    private int allocateCell(final int index, final int length)
    {
        if (cellStart < length)
        {
            compact();
        }
        cellStart -= length;
        if (size == slots.length)
        {
            slots = Arrays.copyOf(slots, size * 2);
        }
        System.arraycopy(slots, index, slots, index + 1, size - index);
        slots[index] = cellStart;
        size++;
        bytes += LeafLayout.SLOT_LENGTH + length;
        return cellStart;
    }

    private long addPending(final byte[] value, final boolean patchable)
    {
        if (pendingCount == pending.length)
        {
            pending = Arrays.copyOf(pending, Math.max(4, pendingCount * 2));
            pendingPatchable = Arrays.copyOf(pendingPatchable, pending.length);
        }
        pending[pendingCount] = value;
        pendingPatchable[pendingCount] = patchable;
        return pendingCount++;
    }

    /** Rewrites the cells densely at the end of the image, dropping garbage. */
    private void compact()
    {
        final byte[] copy = image.byteArray().clone();
        final UnsafeBuffer old = new UnsafeBuffer(copy);
        int end = image.capacity();
        for (int i = 0; i < size; i++)
        {
            final int from = slot(i);
            final int length = cellLength(old, from);
            end -= length;
            image.putBytes(end, old, from, length);
            slots[i] = end;
        }
        cellStart = end;
    }

    /**
     * Writes the leaf as a sealed page: first the overflow runs of its new large values, then the
     * page itself with its cells packed densely at the page's end.
     *
     * @param sink where the pages go.
     * @return the leaf page's id.
     * @throws IllegalStateException if a cell still holds an in-memory kind: a bug, caught before
     * it reaches the disk.
     */
    long writeTo(final PageSink sink)
    {
        for (int i = 0; newOverflowPages > 0 && i < size; i++)
        {
            final int cell = slot(i);
            if (isPending(cell))
            {
                final int valueOffset = LeafLayout.valueOffset(image, cell);
                final int p = pendingIndex(cell);
                final byte[] value = pending[p];
                final long run = NodeCodec.writeOverflow(sink, value, pageSize, pendingPatchable[p]);
                image.putByte(cell + LeafLayout.VALUE_KIND_OFFSET, (byte)LeafLayout.VALUE_OVERFLOW);
                image.putLong(valueOffset, run, FormatVersion.ORDER);
                newOverflowPages -= OverflowLayout.pagesFor(value.length, pageSize);
            }
        }
        final long id = sink.allocate(1);
        final MutableDirectBuffer out = sink.buffer();
        final int page = sink.offsetOf(id);
        int end = pageSize;
        for (int i = 0; i < size; i++)
        {
            final int from = slot(i);
            if (!ValueKind.isOnDisk(LeafLayout.valueKind(image, from)))
            {
                throw new IllegalStateException("leaf entry " + i + " still holds in-memory value kind " +
                    ValueKind.name(LeafLayout.valueKind(image, from)) + " at commit");
            }
            final int length = cellLength(image, from);
            end -= length;
            out.putBytes(page + end, image, from, length);
            out.putShort(page + LeafLayout.SLOTS_OFFSET + i * LeafLayout.SLOT_LENGTH, (short)end, FormatVersion.ORDER);
        }
        final int slotsEnd = LeafLayout.SLOTS_OFFSET + size * LeafLayout.SLOT_LENGTH;
        out.setMemory(page + slotsEnd, end - slotsEnd, (byte)0);
        PageLayout.writeHeader(out, page, PageType.LEAF, size, id, sink.txnId(), bytes, 0);
        PageLayout.seal(out, page, pageSize);
        return id;
    }
}
