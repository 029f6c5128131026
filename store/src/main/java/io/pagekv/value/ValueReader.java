package io.pagekv.value;

import io.pagekv.CorruptStoreException;
import io.pagekv.cache.ValueCache;
import io.pagekv.codec.Codec;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads values as the application sees them: the stored bytes that {@link ValueDecoder} finds,
 * inflated when they are an LZ4 block, decoded by a {@link Codec} for typed reads, through the
 * store's {@link ValueCache} when it has one.
 *
 * <p>Cache rules: only values of committed pages reached through a commit are cached, keyed by
 * {@link ValueDecoder#location} (one location never names two stored values; see there). Cells
 * of a write transaction's dirty leaves ({@link #copy}) are never cached: they have no location
 * yet. Raw values are zero-copy views and are cached only in decoded form.
 *
 * <p>Damage: a block that does not inflate is reported as a {@link CorruptStoreException}
 * naming the file, page and offset of the bad field.
 *
 * <p>Thread-safe.
 */
public final class ValueReader
{
    /** The largest value the format holds, for readers without a store's own limit. */
    public static final int LARGEST_VALUE = 1 << 30;

    /** The cache tag of inflated bytes; codecs are their own tags. */
    private static final Object INFLATED = new Object();

    private final PageStore pages;
    private final ValueCache cache;
    private final int maxValueSize;

    /**
     * @param pages        the page store.
     * @param cache        the read cache, or null for none.
     * @param maxValueSize the largest value to inflate; a block claiming more is damaged.
     */
    public ValueReader(final PageStore pages, final ValueCache cache, final int maxValueSize)
    {
        this.pages = pages;
        this.cache = cache;
        this.maxValueSize = maxValueSize;
    }

    /**
     * @param pages the page store.
     * @return a reader without a cache, accepting values up to {@link #LARGEST_VALUE}.
     */
    public static ValueReader uncached(final PageStore pages)
    {
        return new ValueReader(pages, null, LARGEST_VALUE);
    }

    /** @return the page store. */
    public PageStore pages()
    {
        return pages;
    }

    /** @return the read cache, or null. */
    public ValueCache cache()
    {
        return cache;
    }

    /**
     * Points {@code view} at the value of a committed leaf cell: zero-copy into the mapping for a
     * raw value; for a compressed one, at its inflated bytes (from the cache, or inflated now and
     * cached), which are shared and must not be written.
     *
     * @param leaf the segment holding the leaf page.
     * @param cell offset of the cell in {@link Segment#buffer()}.
     * @param view wrapped over the value.
     * @throws CorruptStoreException if the cell, its run or its block is damaged.
     */
    public void wrap(final Segment leaf, final int cell, final UnsafeBuffer view)
    {
        if (cache != null && ValueKind.isCompressed(LeafLayout.valueKind(leaf.buffer(), cell)))
        {
            final long location = ValueDecoder.location(pages, leaf, cell);
            final Object hit = cache.get(location, INFLATED);
            if (hit != null)
            {
                view.wrap((byte[])hit);
                return;
            }
            final long epoch = cache.epoch();
            final byte[] value = inflate(leaf, cell, view);
            cache.put(location, INFLATED, value, value.length, epoch);
            view.wrap(value);
            return;
        }
        if (ValueKind.isCompressed(ValueDecoder.wrapStored(pages, leaf, cell, view)))
        {
            view.wrap(inflateStored(leaf, cell, view));
        }
    }

    /**
     * Decodes the value of a committed leaf cell with {@code codec}, through the cache when the
     * codec's values are shareable.
     *
     * @param leaf    the segment holding the leaf page.
     * @param cell    offset of the cell.
     * @param codec   the codec.
     * @param scratch a view this call may re-point.
     * @param <T>     the value type.
     * @return the decoded value; shared with other readers if the codec is shareable.
     * @throws CorruptStoreException if the cell, its run or its block is damaged.
     */
    @SuppressWarnings("unchecked")
    public <T> T decode(final Segment leaf, final int cell, final Codec<T> codec, final UnsafeBuffer scratch)
    {
        if (cache == null || !codec.isShareable() || isChangedInPlace(leaf, cell))
        {
            wrapUncached(leaf, cell, scratch);
            return codec.decode(scratch, 0, scratch.capacity());
        }
        final long location = ValueDecoder.location(pages, leaf, cell);
        final Object hit = cache.get(location, codec);
        if (hit != null)
        {
            return (T)hit;
        }
        final long epoch = cache.epoch();
        wrapUncached(leaf, cell, scratch);
        final T value = codec.decode(scratch, 0, scratch.capacity());
        cache.put(location, codec, value, scratch.capacity(), epoch);
        return value;
    }

    /**
     * A value in a patchable run changes in place, also by counters of other processes that cannot
     * tell this cache: it is never cached, so no decoded form of it can go stale.
     */
    private boolean isChangedInPlace(final Segment leaf, final int cell)
    {
        final UnsafeBuffer buffer = leaf.buffer();
        if (LeafLayout.valueKind(buffer, cell) != LeafLayout.VALUE_OVERFLOW)
        {
            return false;
        }
        final long runId = buffer.getLong(LeafLayout.valueOffset(buffer, cell), FormatVersion.ORDER);
        final Segment run = pages.segment(runId);
        return PageLayout.isPatchableRun(run.buffer(), run.offset(PageAddress.pageIndex(runId)));
    }

    private void wrapUncached(final Segment leaf, final int cell, final UnsafeBuffer view)
    {
        if (ValueKind.isCompressed(ValueDecoder.wrapStored(pages, leaf, cell, view)))
        {
            view.wrap(inflateStored(leaf, cell, view));
        }
    }

    private byte[] inflate(final Segment leaf, final int cell, final UnsafeBuffer view)
    {
        ValueDecoder.wrapStored(pages, leaf, cell, view);
        return inflateStored(leaf, cell, view);
    }

    /** Inflates the block {@code stored} points at, naming where it lies if it is damaged. */
    private byte[] inflateStored(final Segment leaf, final int cell, final UnsafeBuffer stored)
    {
        try
        {
            return Lz4Block.inflate(stored, 0, stored.capacity(), maxValueSize);
        }
        catch (final DamagedBlockException ex)
        {
            final UnsafeBuffer buffer = leaf.buffer();
            final int valueOffset = LeafLayout.valueOffset(buffer, cell);
            if (!ValueKind.hasRun(LeafLayout.valueKind(buffer, cell)))
            {
                throw leaf.corrupt(cell / pages.pageSize(), valueOffset + ex.offsetInBlock(), "compressed value: " + ex.getMessage());
            }
            final long runId = buffer.getLong(valueOffset, FormatVersion.ORDER);
            final Segment run = pages.segment(runId);
            final long runOffset = (long)PageAddress.pageIndex(runId) * pages.pageSize();
            throw run.corrupt(PageAddress.pageIndex(runId), runOffset + PageLayout.HEADER_LENGTH + ex.offsetInBlock(),
                "compressed value of the overflow run: " + ex.getMessage());
        }
    }

    /**
     * Copies the value of a cell that {@link ValueDecoder#check} passed, wherever it now lies (a
     * dirty leaf's heap), inflating a compressed one; never cached.
     *
     * @param buffer       the buffer holding the cell.
     * @param cell         offset of the cell.
     * @param sourcePageId the committed leaf page the cell was copied from, for messages.
     * @return a new array holding the value.
     * @throws CorruptStoreException if its run or block is damaged.
     */
    public byte[] copy(final DirectBuffer buffer, final int cell, final long sourcePageId)
    {
        final byte[] stored = ValueDecoder.storedCopy(pages, buffer, cell);
        if (!ValueKind.isCompressed(LeafLayout.valueKind(buffer, cell)))
        {
            return stored;
        }
        try
        {
            return Lz4Block.inflate(new UnsafeBuffer(stored), 0, stored.length, maxValueSize);
        }
        catch (final DamagedBlockException ex)
        {
            final String what = "compressed value copied from leaf " + PageAddress.toString(sourcePageId) + ": " + ex.getMessage();
            if (sourcePageId == PageAddress.NONE)
            {
                throw new CorruptStoreException(pages.dir(), CorruptStoreException.UNKNOWN, CorruptStoreException.UNKNOWN, what);
            }
            throw pages.segment(sourcePageId).corrupt(PageAddress.pageIndex(sourcePageId), CorruptStoreException.UNKNOWN, what);
        }
    }

    /**
     * The seam for in-place patches: drops the cached forms of every value whose stored bytes
     * start in the given pages. A patch of a value calls it with the pages it writes, the first
     * page of the value's run (or its leaf page) included.
     *
     * @param segment   the segment number.
     * @param firstPage the first page index.
     * @param pageCount how many pages.
     * @return how many entries were dropped.
     */
    public int invalidatePages(final int segment, final int firstPage, final int pageCount)
    {
        if (cache == null)
        {
            return 0;
        }
        final long pageSize = pages.pageSize();
        return cache.invalidate(ValueDecoder.location(segment, firstPage * pageSize),
            ValueDecoder.location(segment, (firstPage + (long)pageCount) * pageSize));
    }

    /**
     * Drops the cached forms of every value of a segment that left the store (retired by
     * compaction, or re-created before it held a commit).
     *
     * @param segment the segment number.
     */
    public void invalidateSegment(final int segment)
    {
        if (cache != null)
        {
            final long to = segment == Integer.MAX_VALUE ? Long.MAX_VALUE : ValueDecoder.location(segment + 1, 0);
            cache.invalidate(ValueDecoder.location(segment, 0), to);
        }
    }
}
