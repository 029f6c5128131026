package io.pagekv.btree;

import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.OverflowLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import io.pagekv.value.Lz4Block;
import io.pagekv.value.ValueDecoder;
import io.pagekv.value.ValueReader;
import io.pagekv.value.ValueKind;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * A dirty leaf. Copied from a committed page it starts lazy: the page stays where it is and the
 * transaction's changes to it wait, sorted, in a {@link LeafDelta}; {@link #writeTo} merges the
 * two into the new page in one pass (decision 37). Only a split, a merge with a sibling or
 * compaction renewing a run needs the entries by index: then, and for a new leaf, the leaf is
 * kept close to its page image, the way LMDB edits a copied page: the committed
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
 * memory: {@link #VALUE_PENDING} (or {@link #VALUE_PENDING_LZ4} for an LZ4 block), a new large
 * value waiting in {@link #pending} for its overflow run, referenced by index. Its number lies where no format version has a kind
 * ({@link LeafLayout#FIRST_MEMORY_KIND} and up), and {@link #writeTo} refuses to write any such
 * kind. Cells copied from a committed page have passed {@link io.pagekv.format.LeafCheck} at the
 * page's first read or {@link ValueDecoder#check}, so a dirty leaf never holds, nor writes again,
 * a kind or flag this build does not know.
 */
final class LeafNode extends Node
{
    /** In-memory value kind: a new large value, index into {@link #pending} in the 8 reference bytes. */
    static final int VALUE_PENDING = LeafLayout.FIRST_MEMORY_KIND;
    /** In-memory value kind: a new LZ4 block too large to be inline, index into {@link #pending}. */
    static final int VALUE_PENDING_LZ4 = LeafLayout.FIRST_MEMORY_KIND + 1;

    private final int pageSize;
    /** The cells while the leaf is materialized; null while it is lazy. */
    private UnsafeBuffer image;
    private int[] slots;
    private int cellStart;
    /** Shared by every leaf until it has a pending value: most leaves never get one. */
    private static final byte[][] NO_PENDING = new byte[0][];
    private static final boolean[] NO_PENDING_FLAGS = new boolean[0];
    private byte[][] pending = NO_PENDING;
    /** Whether each pending value goes to a patchable run ({@link PageLayout#FLAG_PATCHABLE}). */
    private boolean[] pendingPatchable = NO_PENDING_FLAGS;
    private int pendingCount;
    /** Pages of the overflow runs that this leaf's new large values will take at commit. */
    int newOverflowPages;
    /** While lazy: the segment holding the committed page; null once materialized. */
    private Segment source;
    /** While lazy: the committed page's offset in {@link #source}. */
    private int sourcePage;
    /**
     * While lazy: whether the committed page's cells lie packed from its end in slot order, as
     * its first read found ({@link Segment#leafAgreesWithHeader}): runs of them are then copied
     * as one block (decision 61).
     */
    private boolean sourcePacked;
    /** While lazy: the entries of the committed page this leaf covers, from and to (exclusive); a split shares the page. */
    private int sourceFrom;
    private int sourceTo;
    /** While lazy: this transaction's changes to the committed page; null once materialized. */
    private LeafDelta delta;

    /**
     * @param pageSize     the page size.
     * @param sourcePageId the committed page copied, or {@link PageAddress#NONE} for a new leaf.
     */
    LeafNode(final int pageSize, final long sourcePageId)
    {
        super(PageLayout.HEADER_LENGTH, sourcePageId);
        this.pageSize = pageSize;
        allocateImage(16);
    }

    private LeafNode(
        final int pageSize, final long sourcePageId, final Segment source, final int page, final int from, final int to, final LeafDelta delta)
    {
        super(PageLayout.HEADER_LENGTH, sourcePageId);
        this.pageSize = pageSize;
        this.source = source;
        this.sourcePage = page;
        this.sourceFrom = from;
        this.sourceTo = to;
        this.delta = delta;
        this.size = to - from;
    }

    private void allocateImage(final int slotCount)
    {
        image = new UnsafeBuffer(new byte[2 * pageSize - PageLayout.HEADER_LENGTH]);
        cellStart = image.capacity();
        slots = new int[slotCount];
    }

    /**
     * Takes a committed leaf page as a lazy dirty leaf, refusing it if any cell holds a value
     * this build cannot read. Nothing is copied: the page must stay mapped and unchanged while
     * the transaction lasts, as every page of its committed tree does. A leaf whose cells the
     * page's first read found to agree with its header, or that this process wrote, is taken by
     * its header's bytes used without reading a cell (decision 54); any other is walked.
     *
     * @param segment  the segment holding the page, which {@link Segment#checkedPage} passed.
     * @param page     its offset in the segment's buffer.
     * @param pageId   its id.
     * @param pageSize the page size.
     * @return the lazy dirty leaf.
     * @throws io.pagekv.CorruptStoreException if {@link ValueDecoder#check} refuses a cell.
     */
    static LeafNode lazyOf(final Segment segment, final int page, final long pageId, final int pageSize)
    {
        final UnsafeBuffer buffer = segment.buffer();
        final int count = PageLayout.count(buffer, page);
        final LeafNode leaf = new LeafNode(pageSize, pageId, segment, page, 0, count, new LeafDelta());
        if (segment.leafAgreesWithHeader(PageAddress.pageIndex(pageId)))
        {
            leaf.bytes = NodeCodec.usedBytes(buffer, page);
            leaf.sourcePacked = true;
            return leaf;
        }
        for (int i = 0; i < count; i++)
        {
            final int cell = LeafLayout.cell(buffer, page, i);
            ValueDecoder.check(segment, cell, pageSize);
            leaf.bytes += LeafLayout.SLOT_LENGTH + cellLength(buffer, cell);
        }
        return leaf;
    }

    /**
     * Copies the committed page's cells into an image and applies the changes, in key order:
     * from now on the leaf is edited by index. The runs of replaced and deleted committed values
     * were told to {@link SupersededPages} when the changes were made.
     */
    private void materialize()
    {
        if (delta == null)
        {
            return;
        }
        final LeafDelta changes = delta;
        final UnsafeBuffer buffer = source.buffer();
        delta = null;
        source = null;
        final int count = sourceTo - sourceFrom;
        allocateImage(Math.max(16, count + count / 2 + changes.count()));
        bytes = PageLayout.HEADER_LENGTH;
        newOverflowPages = 0;
        // Cells keep their offsets from the page's end, so that the free space lies below them.
        final int shift = image.capacity() - pageSize;
        int low = pageSize;
        for (int i = 0; i < count; i++)
        {
            final int cell = LeafLayout.cell(buffer, sourcePage, sourceFrom + i) - sourcePage;
            low = Math.min(low, cell);
            slots[i] = shift + cell;
            bytes += LeafLayout.SLOT_LENGTH + cellLength(buffer, sourcePage + cell);
        }
        buffer.getBytes(sourcePage + low, image, shift + low, pageSize - low);
        size = count;
        cellStart = shift + low;
        for (int change = 0; change < changes.count(); change++)
        {
            final int index = search(changes.key(change));
            if (index >= 0)
            {
                discard(index);
            }
            final byte[] stored = changes.stored(change);
            if (stored != null)
            {
                final int flags = changes.flags(change);
                insert(index >= 0 ? index : -index - 1, changes.key(change), stored,
                    (flags & LeafDelta.COMPRESSED) != 0, (flags & LeafDelta.PATCHABLE) != 0);
            }
        }
    }

    /**
     * @param buffer    the buffer holding a committed leaf.
     * @param page      its offset.
     * @param inSegment which segments to look for.
     * @return whether a large value of the leaf has its overflow run in such a segment.
     */
    static boolean hasRunIn(final DirectBuffer buffer, final int page, final IntPredicate inSegment, final PageStore pages)
    {
        if (LeafLayout.claimsNoRuns(buffer, page))
        {
            return false;
        }
        final int count = PageLayout.count(buffer, page);
        for (int i = 0; i < count; i++)
        {
            final int cell = LeafLayout.cell(buffer, page, i);
            if (ValueKind.hasRun(LeafLayout.valueKind(buffer, cell)))
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

    private int search(final byte[] key)
    {
        return binarySearch(image, 0, size, key, true);
    }

    /**
     * @param key a key.
     * @return whether the leaf holds it, with this transaction's changes.
     */
    boolean contains(final byte[] key)
    {
        if (delta == null)
        {
            return search(key) >= 0;
        }
        final int change = delta.search(key);
        return change >= 0 ? delta.stored(change) != null : pageIndex(key) >= 0;
    }

    /**
     * @param key    a key.
     * @param values the value reader, for a committed value's run or block.
     * @return a copy of its value with this transaction's changes, or null if the leaf does not hold it.
     */
    byte[] get(final byte[] key, final ValueReader values)
    {
        if (delta == null)
        {
            final int index = search(key);
            return index >= 0 ? value(index, values) : null;
        }
        final int change = delta.search(key);
        if (change >= 0)
        {
            final byte[] stored = delta.stored(change);
            if (stored == null || (delta.flags(change) & LeafDelta.COMPRESSED) == 0)
            {
                return stored == null ? null : stored.clone();
            }
            return Lz4Block.inflate(new UnsafeBuffer(stored), 0, stored.length, ValueReader.LARGEST_VALUE);
        }
        final int index = pageIndex(key);
        return index >= 0 ? values.copy(source.buffer(), LeafLayout.cell(source.buffer(), sourcePage, index), sourcePageId()) : null;
    }

    /**
     * Inserts or replaces; the stored bytes go inline or, when large, wait for their overflow run.
     * The caller splits the leaf when {@link #bytes} passes the page size.
     *
     * @param stored     the value, or its LZ4 block.
     * @param compressed whether {@code stored} is an LZ4 block.
     * @param patchable  whether the value goes to a patchable run of its own (never compressed).
     * @param superseded told of the old value's overflow run if it was committed.
     * @return whether the key is new to the leaf.
     */
    boolean put(final byte[] key, final byte[] stored, final boolean compressed, final boolean patchable, final SupersededPages superseded)
    {
        if (delta == null)
        {
            final int index = search(key);
            if (index >= 0)
            {
                replace(index, stored, compressed, patchable, superseded);
                return false;
            }
            insert(-index - 1, key, stored, compressed, patchable);
            return true;
        }
        final int flags = (compressed ? LeafDelta.COMPRESSED : 0) | (patchable ? LeafDelta.PATCHABLE : 0);
        final int found = delta.search(key);
        final int change = found >= 0 ? found : -found - 1;
        final boolean added;
        if (found >= 0)
        {
            added = delta.stored(change) == null;
            if (!added)
            {
                countChange(change, -1);
            }
            delta.set(change, stored, flags);
        }
        else
        {
            final int index = pageIndex(key);
            added = index < 0;
            if (!added)
            {
                supersedePageCell(index, superseded);
            }
            delta.insert(change, key, stored, flags | (added ? 0 : LeafDelta.IN_PAGE), index);
        }
        if (added)
        {
            size++;
        }
        countChange(change, 1);
        return added;
    }

    /**
     * Deletes a key the leaf holds.
     *
     * @param superseded told of the value's overflow run if it was committed.
     * @throws IllegalStateException if the leaf does not hold the key: a bug of the caller.
     */
    void delete(final byte[] key, final SupersededPages superseded)
    {
        if (delta == null)
        {
            final int index = search(key);
            if (index < 0)
            {
                throw notHeld();
            }
            remove(index, superseded);
            return;
        }
        final int change = delta.search(key);
        if (change >= 0)
        {
            if (delta.stored(change) == null)
            {
                throw notHeld();
            }
            countChange(change, -1);
            if ((delta.flags(change) & LeafDelta.IN_PAGE) != 0)
            {
                delta.set(change, null, 0);
            }
            else
            {
                delta.remove(change);
            }
        }
        else
        {
            final int index = pageIndex(key);
            if (index < 0)
            {
                throw notHeld();
            }
            supersedePageCell(index, superseded);
            delta.insert(-change - 1, key, null, LeafDelta.IN_PAGE, index);
        }
        size--;
    }

    private IllegalStateException notHeld()
    {
        return new IllegalStateException("delete of a key that leaf " + PageAddress.toString(sourcePageId()) + " does not hold");
    }

    /** Adds ({@code sign} 1) or takes back (-1) what a put change adds to the page and its runs. */
    private void countChange(final int change, final int sign)
    {
        final byte[] stored = delta.stored(change);
        final boolean inline = isInline(delta.key(change), stored, (delta.flags(change) & LeafDelta.PATCHABLE) != 0);
        bytes += sign * (LeafLayout.SLOT_LENGTH + changedCellLength(delta.key(change), stored, inline));
        if (!inline)
        {
            newOverflowPages += sign * OverflowLayout.pagesFor(stored.length, pageSize);
        }
    }

    private boolean isInline(final byte[] key, final byte[] stored, final boolean patchable)
    {
        return !patchable && Keys.isInline(pageSize, key.length, stored.length);
    }

    private static int changedCellLength(final byte[] key, final byte[] stored, final boolean inline)
    {
        return LeafLayout.CELL_HEADER_LENGTH + key.length + (inline ? stored.length : LeafLayout.OVERFLOW_REF_LENGTH);
    }

    /** A change replaces or deletes committed cell {@code index}: its space and its run go. */
    private void supersedePageCell(final int index, final SupersededPages superseded)
    {
        final UnsafeBuffer buffer = source.buffer();
        final int cell = LeafLayout.cell(buffer, sourcePage, index);
        if (ValueKind.hasRun(LeafLayout.valueKind(buffer, cell)))
        {
            superseded.addRun(buffer.getLong(LeafLayout.valueOffset(buffer, cell), FormatVersion.ORDER),
                LeafLayout.valueLength(buffer, cell), pageSize);
        }
        bytes -= LeafLayout.SLOT_LENGTH + cellLength(buffer, cell);
    }

    /** @return index of {@code key} in the committed page, or {@code -(insertion point) - 1}. */
    private int pageIndex(final byte[] key)
    {
        return binarySearch(source.buffer(), sourceFrom, sourceTo, key, false);
    }

    /**
     * Searches entries {@code from} to {@code to} (exclusive) for {@code key}: the image's, or the
     * committed page's.
     *
     * @return index of {@code key}, or {@code -(insertion point) - 1}.
     */
    private int binarySearch(final DirectBuffer buffer, final int from, final int to, final byte[] key, final boolean inImage)
    {
        int low = from;
        int high = to - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int cmp = compareKey(buffer, inImage ? slot(mid) : LeafLayout.cell(buffer, sourcePage, mid), key);
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

    /** Compares the key of a committed cell with {@code key}, in {@link Keys} order. */
    private static int compareKey(final DirectBuffer buffer, final int cell, final byte[] key)
    {
        return Keys.compare(buffer, cell + LeafLayout.KEY_OFFSET, LeafLayout.keyLength(buffer, cell), key);
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
     * @param index  an entry index.
     * @param values the value reader, for a committed value's run or block.
     * @return a copy of the value at {@code index}: a pending one, or one read by the {@link ValueReader}.
     */
    byte[] value(final int index, final ValueReader values)
    {
        final int cell = slot(index);
        final int kind = LeafLayout.valueKind(image, cell);
        if (kind == VALUE_PENDING)
        {
            return pending[pendingIndex(cell)].clone();
        }
        if (kind == VALUE_PENDING_LZ4)
        {
            final byte[] block = pending[pendingIndex(cell)];
            return Lz4Block.inflate(new UnsafeBuffer(block), 0, block.length, ValueReader.LARGEST_VALUE);
        }
        return values.copy(image, cell, sourcePageId());
    }

    private boolean isPending(final int cell)
    {
        final int kind = LeafLayout.valueKind(image, cell);
        return kind == VALUE_PENDING || kind == VALUE_PENDING_LZ4;
    }

    private int pendingIndex(final int cell)
    {
        return (int)image.getLong(LeafLayout.valueOffset(image, cell), FormatVersion.ORDER);
    }

    /**
     * Inserts a new entry at {@code index}; the stored bytes go inline or, when large, wait for
     * their overflow run.
     *
     * @param stored     the value, or its LZ4 block.
     * @param compressed whether {@code stored} is an LZ4 block.
     */
    void insert(final int index, final byte[] key, final byte[] stored, final boolean compressed, final boolean patchable)
    {
        if (!patchable && Keys.isInline(pageSize, key.length, stored.length))
        {
            final int kind = compressed ? LeafLayout.VALUE_LZ4_INLINE : LeafLayout.VALUE_INLINE;
            final int cell = allocateCell(index, LeafLayout.CELL_HEADER_LENGTH + key.length + stored.length);
            image.putBytes(cell + LeafLayout.writeCellHeader(image, cell, key, kind, stored.length), stored);
            return;
        }
        final int cell = allocateCell(index, LeafLayout.CELL_HEADER_LENGTH + key.length + LeafLayout.OVERFLOW_REF_LENGTH);
        image.putLong(cell + LeafLayout.writeCellHeader(image, cell, key, compressed ? VALUE_PENDING_LZ4 : VALUE_PENDING, stored.length),
            addPending(stored, patchable), FormatVersion.ORDER);
        newOverflowPages += OverflowLayout.pagesFor(stored.length, pageSize);
    }

    /**
     * Replaces the value at {@code index}.
     *
     * @param stored     the value, or its LZ4 block.
     * @param compressed whether {@code stored} is an LZ4 block.
     * @param patchable  whether the new value goes to a patchable run of its own (never compressed).
     * @param superseded told of the old value's overflow run if it was committed.
     */
    void replace(final int index, final byte[] stored, final boolean compressed, final boolean patchable, final SupersededPages superseded)
    {
        final byte[] key = key(index);
        remove(index, superseded);
        insert(index, key, stored, compressed, patchable);
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
        if (delta != null)
        {
            if (!hasRunIn(source.buffer(), sourcePage, inSegment, pages))
            {
                return 0;
            }
            materialize();
        }
        int renewed = 0;
        for (int index = 0; index < size; index++)
        {
            final int cell = slot(index);
            final int kind = LeafLayout.valueKind(image, cell);
            if (!ValueKind.hasRun(kind))
            {
                continue;
            }
            final long run = image.getLong(LeafLayout.valueOffset(image, cell), FormatVersion.ORDER);
            if (inSegment.test(PageAddress.segment(run)) && !isPatchable(pages, run))
            {
                // The stored bytes move as they are: a compressed value stays compressed.
                final byte[] stored = ValueDecoder.storedCopy(pages, image, cell);
                replace(index, stored, ValueKind.isCompressed(kind), false, superseded);
                renewed += OverflowLayout.pagesFor(stored.length, pageSize);
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
        if (ValueKind.hasRun(LeafLayout.valueKind(image, cell)))
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
        if (delta != null)
        {
            return splitLazy();
        }
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
     * Splits a lazy leaf by bytes, as {@link #split} does, into two lazy leaves that share the
     * committed page: each covers a range of its entries and the changes that fall in it.
     */
    private LeafNode splitLazy()
    {
        final int half = (bytes - PageLayout.HEADER_LENGTH) / 2;
        final UnsafeBuffer buffer = source.buffer();
        int index = sourceFrom;
        int change = 0;
        int found = changeAt(change);
        int at = 0;
        int left = 0;
        while (at < size - 1 && left < half)
        {
            if (index < (found >= 0 ? found : -found - 1))
            {
                left += LeafLayout.SLOT_LENGTH + cellLength(buffer, LeafLayout.cell(buffer, sourcePage, index));
                index++;
                at++;
                continue;
            }
            if (found >= 0)
            {
                index++;
            }
            final byte[] stored = delta.stored(change);
            if (stored != null)
            {
                final boolean inline = isInline(delta.key(change), stored, (delta.flags(change) & LeafDelta.PATCHABLE) != 0);
                left += LeafLayout.SLOT_LENGTH + changedCellLength(delta.key(change), stored, inline);
                at++;
            }
            found = changeAt(++change);
        }
        final LeafNode right = new LeafNode(pageSize, PageAddress.NONE, source, sourcePage, index, sourceTo, delta.splitOff(change));
        right.sourcePacked = sourcePacked;
        sourceTo = index;
        right.size = size - at;
        size = at;
        right.bytes = bytes - left;
        bytes = PageLayout.HEADER_LENGTH + left;
        for (int moved = 0; moved < right.delta.count(); moved++)
        {
            final byte[] stored = right.delta.stored(moved);
            if (stored != null && !isInline(right.delta.key(moved), stored, (right.delta.flags(moved) & LeafDelta.PATCHABLE) != 0))
            {
                final int pages = OverflowLayout.pagesFor(stored.length, pageSize);
                right.newOverflowPages += pages;
                newOverflowPages -= pages;
            }
        }
        return right;
    }

    /**
     * @return where change {@code change} lies in the committed page, as {@link #pageIndex}
     * says; past the leaf's entries if there is no such change.
     */
    private int changeAt(final int change)
    {
        return change < delta.count() ? delta.pageIndex(change) : -(sourceTo + 1);
    }

    /**
     * @return a copy of the leaf's first key, with this transaction's changes; the leaf is not empty.
     */
    byte[] firstKey()
    {
        if (delta == null)
        {
            return key(0);
        }
        int index = sourceFrom;
        for (int change = 0; change < delta.count(); change++)
        {
            final int found = delta.pageIndex(change);
            if (index < (found >= 0 ? found : -found - 1))
            {
                break;
            }
            if (delta.stored(change) != null)
            {
                return delta.key(change).clone();
            }
            index++;
        }
        final UnsafeBuffer buffer = source.buffer();
        final int cell = LeafLayout.cell(buffer, sourcePage, index);
        final byte[] key = new byte[LeafLayout.keyLength(buffer, cell)];
        buffer.getBytes(cell + LeafLayout.KEY_OFFSET, key);
        return key;
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
        materialize();
        right.materialize();
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
     * @throws IOException if the sink fails to write pages out.
     */
    long writeTo(final PageSink sink) throws IOException
    {
        if (delta != null)
        {
            return mergeTo(sink);
        }
        for (int i = 0; newOverflowPages > 0 && i < size; i++)
        {
            final int cell = slot(i);
            if (isPending(cell))
            {
                final int valueOffset = LeafLayout.valueOffset(image, cell);
                final int p = pendingIndex(cell);
                final byte[] value = pending[p];
                final long run = NodeCodec.writeOverflow(sink, value, pageSize, pendingPatchable[p]);
                final int kind = LeafLayout.valueKind(image, cell) == VALUE_PENDING_LZ4 ? LeafLayout.VALUE_LZ4 : LeafLayout.VALUE_OVERFLOW;
                image.putByte(cell + LeafLayout.VALUE_KIND_OFFSET, (byte)kind);
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
        LeafLayout.flagNoRuns(out, page, pageSize);
        PageLayout.seal(out, page, pageSize);
        return id;
    }

    /**
     * Writes a lazy leaf: the overflow runs of its new large values, then the page, merged in
     * one pass from the committed page's cells and the changes.
     */
    private long mergeTo(final PageSink sink) throws IOException
    {
        final long[] runs = new long[delta.count()];
        for (int change = 0; newOverflowPages > 0 && change < delta.count(); change++)
        {
            final byte[] stored = delta.stored(change);
            final boolean patchable = (delta.flags(change) & LeafDelta.PATCHABLE) != 0;
            if (stored != null && !isInline(delta.key(change), stored, patchable))
            {
                runs[change] = NodeCodec.writeOverflow(sink, stored, pageSize, patchable);
            }
        }
        newOverflowPages = 0;
        final long id = sink.allocate(1);
        final MutableDirectBuffer out = sink.buffer();
        final int page = sink.offsetOf(id);
        int end = pageSize;
        int written = 0;
        int index = sourceFrom;
        for (int change = 0; change < delta.count(); change++)
        {
            final int found = delta.pageIndex(change);
            final int before = found >= 0 ? found : -found - 1;
            if (index < before)
            {
                end = copyPageCells(out, page, end, written, index, before);
                written += before - index;
                index = before;
            }
            if (found >= 0)
            {
                index++;
            }
            if (delta.stored(change) != null)
            {
                end -= writeChange(out, page, end, change, runs[change]);
                out.putShort(page + LeafLayout.SLOTS_OFFSET + written * LeafLayout.SLOT_LENGTH, (short)end, FormatVersion.ORDER);
                written++;
            }
        }
        if (index < sourceTo)
        {
            end = copyPageCells(out, page, end, written, index, sourceTo);
            written += sourceTo - index;
        }
        final int slotsEnd = LeafLayout.SLOTS_OFFSET + size * LeafLayout.SLOT_LENGTH;
        if (written != size || slotsEnd + pageSize - end != bytes)
        {
            throw new IllegalStateException("leaf " + PageAddress.toString(sourcePageId()) + " merged " + written + " entries in " +
                (slotsEnd + pageSize - end) + " bytes but counts " + size + " in " + bytes);
        }
        out.setMemory(page + slotsEnd, end - slotsEnd, (byte)0);
        PageLayout.writeHeader(out, page, PageType.LEAF, size, id, sink.txnId(), bytes, 0);
        LeafLayout.flagNoRuns(out, page, pageSize);
        PageLayout.seal(out, page, pageSize);
        return id;
    }

    /**
     * Copies committed cells {@code from} to {@code to} (exclusive) so that they end at {@code end},
     * as entries from {@code slot} on: from a packed page as one block, each slot moved by the
     * same distance, else cell by cell.
     *
     * @return where the copy starts.
     */
    private int copyPageCells(final MutableDirectBuffer out, final int page, final int end, final int slot, final int from, final int to)
    {
        if (!sourcePacked)
        {
            int start = end;
            for (int index = from; index < to; index++)
            {
                start = copyPageCell(out, page, start, slot + index - from, index);
            }
            return start;
        }
        final UnsafeBuffer buffer = source.buffer();
        // Packed: cell 0 ends at the page's end, every other where the one before it starts.
        final int high = from == 0 ? pageSize : LeafLayout.cell(buffer, sourcePage, from - 1) - sourcePage;
        final int low = LeafLayout.cell(buffer, sourcePage, to - 1) - sourcePage;
        final int shift = end - high;
        out.putBytes(page + low + shift, buffer, sourcePage + low, high - low);
        for (int index = from; index < to; index++)
        {
            final int offset = LeafLayout.cell(buffer, sourcePage, index) - sourcePage + shift;
            out.putShort(page + LeafLayout.SLOTS_OFFSET + (slot + index - from) * LeafLayout.SLOT_LENGTH, (short)offset, FormatVersion.ORDER);
        }
        return low + shift;
    }

    /**
     * Copies committed cell {@code index} so that it ends at {@code end}, as entry {@code slot}.
     *
     * @return where the copy starts.
     */
    private int copyPageCell(final MutableDirectBuffer out, final int page, final int end, final int slot, final int index)
    {
        final UnsafeBuffer buffer = source.buffer();
        final int cell = LeafLayout.cell(buffer, sourcePage, index);
        final int start = end - cellLength(buffer, cell);
        out.putBytes(page + start, buffer, cell, end - start);
        out.putShort(page + LeafLayout.SLOTS_OFFSET + slot * LeafLayout.SLOT_LENGTH, (short)start, FormatVersion.ORDER);
        return start;
    }

    /**
     * Writes the cell of a put change so that it ends at {@code end}.
     *
     * @param run the overflow run written for its value, if it is not inline.
     * @return the cell's length.
     */
    private int writeChange(final MutableDirectBuffer out, final int page, final int end, final int change, final long run)
    {
        final byte[] key = delta.key(change);
        final byte[] stored = delta.stored(change);
        final boolean compressed = (delta.flags(change) & LeafDelta.COMPRESSED) != 0;
        final boolean inline = isInline(key, stored, (delta.flags(change) & LeafDelta.PATCHABLE) != 0);
        final int length = changedCellLength(key, stored, inline);
        final int cell = page + end - length;
        if (inline)
        {
            final int kind = compressed ? LeafLayout.VALUE_LZ4_INLINE : LeafLayout.VALUE_INLINE;
            out.putBytes(cell + LeafLayout.writeCellHeader(out, cell, key, kind, stored.length), stored);
        }
        else
        {
            final int kind = compressed ? LeafLayout.VALUE_LZ4 : LeafLayout.VALUE_OVERFLOW;
            out.putLong(cell + LeafLayout.writeCellHeader(out, cell, key, kind, stored.length), run, FormatVersion.ORDER);
        }
        return length;
    }
}
