package io.pagekv.page;

import io.pagekv.CorruptStoreException;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.OverflowLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.format.SegmentHeaderLayout;
import io.pagekv.io.StoreFile;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One segment file mapped read-only whole: a run of fixed-size pages. Pages are immutable once
 * committed, so each page's checksum is checked once, the first time any reader touches it, and
 * remembered in a bitmap.
 *
 * <p>Its lifetime is counted: the {@link SegmentTable} that mapped it holds one reference while
 * the segment is in the store, and each {@link SegmentTable#pin pin} holds one more. The file is
 * closed when the last reference goes ({@link #release}); the mapping itself is left to the
 * garbage collector, so a view still held by the application never points at unmapped memory.
 *
 * <p>Reads go through the mapping alone, so the file's descriptor is needed only to write or
 * force: a segment the log has moved past gives it back ({@link #closeFile}) and {@link #file}
 * opens the file again if a writer needs it later. A long-lived store with many segments thus
 * holds a few descriptors, not one per segment.
 *
 * <p>Thread-safe: the mapping never changes; the bitmap and the count use atomic operations; the
 * descriptor is guarded by this object.
 */
public final class Segment
{
    /** Opens a segment's file again after its descriptor was given back. */
    @FunctionalInterface
    public interface Reopen
    {
        /**
         * @param path the segment file.
         * @return it, open.
         * @throws IOException if it cannot be opened.
         */
        StoreFile open(Path path) throws IOException;
    }

    private final int number;
    private final Path path;
    private final Reopen reopen;
    private StoreFile file;
    private final int pageSize;
    private final int capacityPages;
    private final UnsafeBuffer buffer;
    private final AtomicLongArray checkedPages;
    private final AtomicInteger references = new AtomicInteger(1);
    private volatile RunGuard guard;

    private Segment(
        final int number, final StoreFile file, final Reopen reopen, final int pageSize, final int capacityPages, final MappedByteBuffer map)
    {
        this.number = number;
        this.path = file.path();
        this.reopen = reopen;
        this.file = file;
        this.pageSize = pageSize;
        this.capacityPages = capacityPages;
        this.buffer = new UnsafeBuffer(map);
        this.checkedPages = new AtomicLongArray((capacityPages + 63) >>> 6);
    }

    /**
     * Maps an open segment file and checks its header page.
     *
     * @param number   the segment number its name says.
     * @param file     the open file.
     * @param reopen   how to open it again once its descriptor was given back.
     * @param pageSize the store's page size.
     * @param storeId  the store's id.
     * @return the segment.
     * @throws IOException           if the file cannot be read or mapped.
     * @throws CorruptStoreException if the header is damaged or belongs to another store or segment.
     */
    public static Segment map(final int number, final StoreFile file, final Reopen reopen, final int pageSize, final long storeId)
        throws IOException
    {
        final Path path = file.path();
        final long size = file.size();
        if (size < 2L * pageSize)
        {
            throw new CorruptStoreException(path, CorruptStoreException.UNKNOWN, size,
                "segment length " + size + " is shorter than a header page and one page of " + pageSize + " bytes");
        }
        if (size > Integer.MAX_VALUE)
        {
            throw new CorruptStoreException(path, CorruptStoreException.UNKNOWN, CorruptStoreException.UNKNOWN,
                "segment length " + size + " is over the 2 GiB a segment may have");
        }
        // A file cut short (damage, not a crash: segments are created at full length) keeps its whole pages.
        final int capacity = (int)(size / pageSize);
        final Segment segment = new Segment(number, file, reopen, pageSize, capacity, file.mapReadOnly((long)capacity * pageSize));
        segment.checkHeader(storeId);
        return segment;
    }

    private void checkHeader(final long storeId)
    {
        final int type = PageLayout.type(buffer, 0);
        if (type != PageType.SEGMENT_HEADER || SegmentHeaderLayout.magic(buffer) != FormatVersion.SEGMENT_MAGIC)
        {
            throw corrupt(0, 0, "not a pagekv segment header (type " + PageType.name(type) + ", magic 0x" +
                Integer.toHexString(SegmentHeaderLayout.magic(buffer)) + ")");
        }
        final int crc = PageLayout.checksum(buffer, 0, pageSize);
        if (crc != PageLayout.crc(buffer, 0))
        {
            throw corrupt(0, PageLayout.CRC_OFFSET, crcMismatch(PageLayout.crc(buffer, 0), crc));
        }
        if (SegmentHeaderLayout.version(buffer) != FormatVersion.CURRENT)
        {
            throw corrupt(0, SegmentHeaderLayout.VERSION_OFFSET, "format version " + SegmentHeaderLayout.version(buffer) +
                ", this build reads version " + FormatVersion.CURRENT);
        }
        if (SegmentHeaderLayout.pageSize(buffer) != pageSize)
        {
            throw corrupt(0, SegmentHeaderLayout.PAGE_SIZE_OFFSET,
                "page size " + SegmentHeaderLayout.pageSize(buffer) + ", the store's is " + pageSize);
        }
        if (SegmentHeaderLayout.segment(buffer) != number)
        {
            throw corrupt(0, SegmentHeaderLayout.SEGMENT_OFFSET,
                "segment number " + SegmentHeaderLayout.segment(buffer) + ", the file name says " + number);
        }
        if (SegmentHeaderLayout.storeId(buffer) != storeId)
        {
            throw corrupt(0, SegmentHeaderLayout.STORE_ID_OFFSET, "store id 0x" +
                Long.toHexString(SegmentHeaderLayout.storeId(buffer)) + " belongs to another store (this one is 0x" +
                Long.toHexString(storeId) + ")");
        }
        markChecked(0);
    }

    /**
     * @return the segment number.
     */
    public int number()
    {
        return number;
    }

    /**
     * @return the file's path.
     */
    public Path path()
    {
        return path;
    }

    /**
     * @return the open file, opened again if its descriptor was given back.
     * @throws IOException if it must be opened and cannot be.
     * @throws IllegalStateException if the segment was retired and its last reference released.
     */
    public synchronized StoreFile file() throws IOException
    {
        if (file == null)
        {
            if (references.get() <= 0)
            {
                throw new IllegalStateException("segment " + number + " (" + path + ") is retired; its file is closed");
            }
            file = reopen.open(path);
        }
        return file;
    }

    /**
     * Gives the file's descriptor back; the mapping stays. Called once nothing is left to write
     * or force in the segment.
     *
     * @throws IOException if closing fails.
     */
    public synchronized void closeFile() throws IOException
    {
        if (file != null)
        {
            final StoreFile open = file;
            file = null;
            open.close();
        }
    }

    /**
     * @return whether the segment holds a descriptor now.
     */
    public synchronized boolean hasOpenFile()
    {
        return file != null;
    }

    /**
     * @return pages the file holds, header page included.
     */
    public int capacityPages()
    {
        return capacityPages;
    }

    /**
     * @return the mapping of the whole file; read-only.
     */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * @param pageIndex a page index.
     * @return the page's offset in {@link #buffer()}.
     */
    public int offset(final int pageIndex)
    {
        return pageIndex * pageSize;
    }

    /**
     * Returns the offset of a page after checking, once per page, that it is within the file,
     * has the expected type, names itself with its own id and has a matching checksum.
     *
     * @param pageIndex    the page index.
     * @param expectedType the {@link PageType} the caller expects.
     * @return the page's offset in {@link #buffer()}.
     * @throws CorruptStoreException if a check fails.
     */
    public int checkedPage(final int pageIndex, final int expectedType)
    {
        if (pageIndex <= 0 || pageIndex >= capacityPages)
        {
            throw corrupt(pageIndex, CorruptStoreException.UNKNOWN,
                "page index out of the segment's 1.." + (capacityPages - 1) + " pages");
        }
        final int offset = pageIndex * pageSize;
        if (!isChecked(pageIndex))
        {
            verify(pageIndex, expectedType);
            markChecked(pageIndex);
        }
        else if (PageLayout.type(buffer, offset) != expectedType)
        {
            throw corrupt(pageIndex, offset, wrongType(PageLayout.type(buffer, offset), expectedType));
        }
        return offset;
    }

    /**
     * Checks one page (or overflow run) now, whether or not it was checked before: its type, its
     * own id, its checksum and, for a leaf that says it names no overflow run
     * ({@link LeafLayout#FLAG_NO_RUNS}), that its cells agree.
     *
     * @param pageIndex    the page index.
     * @param expectedType the expected {@link PageType}.
     * @throws CorruptStoreException if a check fails.
     */
    public void verify(final int pageIndex, final int expectedType)
    {
        final int offset = pageIndex * pageSize;
        final int type = PageLayout.type(buffer, offset);
        if (type != expectedType)
        {
            throw corrupt(pageIndex, offset, wrongType(type, expectedType));
        }
        final long id = PageLayout.pageId(buffer, offset);
        if (id != PageAddress.of(number, pageIndex))
        {
            throw corrupt(pageIndex, offset + PageLayout.PAGE_ID_OFFSET,
                "page says it is page " + PageAddress.toString(id) + ", expected " + PageAddress.toString(PageAddress.of(number, pageIndex)));
        }
        final int length = checkedLength(pageIndex, type);
        final RunGuard runGuard = PageLayout.isPatchableRun(buffer, offset) ? guard : null;
        final boolean guarded = runGuard != null && runGuard.acquire(id);
        final int crc;
        final int stored;
        try
        {
            crc = PageLayout.checksum(buffer, offset, length);
            stored = PageLayout.crc(buffer, offset);
        }
        finally
        {
            if (guarded)
            {
                runGuard.release(id);
            }
        }
        if (crc != stored)
        {
            throw corrupt(pageIndex, offset + PageLayout.CRC_OFFSET, crcMismatch(stored, crc));
        }
        if (type == PageType.LEAF && LeafLayout.claimsNoRuns(buffer, offset))
        {
            // Walks for runs (compaction's relocation, the pinned runs) trust the flag and skip
            // the cells: a flag that lies would let a live run be retired with its segment.
            final int entry = LeafLayout.firstRunEntry(buffer, offset, pageSize);
            if (entry >= 0)
            {
                throw corrupt(pageIndex, offset + PageLayout.FLAGS_OFFSET, "leaf flags say no entry names an overflow run, but entry " +
                    entry + " names one or its cell lies outside the page");
            }
        }
    }

    /**
     * @param runGuard what checks of patchable runs in this segment take; null for none.
     */
    void guardRuns(final RunGuard runGuard)
    {
        guard = runGuard;
    }

    private int checkedLength(final int pageIndex, final int type)
    {
        if (type != PageType.OVERFLOW)
        {
            return pageSize;
        }
        final int offset = pageIndex * pageSize;
        final int pages = PageLayout.aux1(buffer, offset);
        final int valueLength = PageLayout.aux2(buffer, offset);
        if (pages <= 0 || pages > capacityPages - pageIndex || valueLength < 0 ||
            OverflowLayout.pagesFor(valueLength, pageSize) != pages)
        {
            throw corrupt(pageIndex, offset + PageLayout.AUX1_OFFSET, "overflow run of " + pages + " pages for a value of " +
                valueLength + " bytes does not fit the segment's " + capacityPages + " pages");
        }
        return pages * pageSize;
    }

    private boolean isChecked(final int pageIndex)
    {
        // An opaque read is enough: a bit seen late only costs one more check.
        return (checkedPages.getOpaque(pageIndex >>> 6) & (1L << pageIndex)) != 0;
    }

    /**
     * Marks pages as checked without reading them: for pages this process has just written.
     *
     * @param firstIndex the first page.
     * @param count      how many.
     */
    public void markChecked(final int firstIndex, final int count)
    {
        for (int i = firstIndex; i < firstIndex + count; i++)
        {
            markChecked(i);
        }
    }

    private void markChecked(final int pageIndex)
    {
        final int word = pageIndex >>> 6;
        final long bit = 1L << pageIndex;
        long current;
        do
        {
            current = checkedPages.get(word);
        }
        while ((current & bit) == 0 && !checkedPages.compareAndSet(word, current, current | bit));
    }

    /**
     * Takes one more reference, unless the last one is already gone.
     *
     * @return whether the reference was taken.
     */
    boolean retain()
    {
        int current;
        do
        {
            current = references.get();
            if (current == 0)
            {
                return false;
            }
        }
        while (!references.compareAndSet(current, current + 1));
        return true;
    }

    /**
     * Drops one reference; the last one closes the file.
     *
     * @return whether this was the last reference.
     * @throws IOException if closing the file fails.
     */
    boolean release() throws IOException
    {
        final int left = references.decrementAndGet();
        if (left < 0)
        {
            throw new IllegalStateException("segment " + number + " released more often than retained");
        }
        if (left == 0)
        {
            closeFile();
            return true;
        }
        return false;
    }

    /**
     * @return references held: 1 for the table while the segment is in the store, plus pins.
     */
    public int references()
    {
        return references.get();
    }

    /**
     * @param pageIndex the page index, or {@link CorruptStoreException#UNKNOWN}.
     * @param offset    byte offset in the file, or {@link CorruptStoreException#UNKNOWN}.
     * @param what      what is wrong.
     * @return the exception naming this segment's file.
     */
    public CorruptStoreException corrupt(final long pageIndex, final long offset, final String what)
    {
        return new CorruptStoreException(path, pageIndex, offset, what);
    }

    private static String wrongType(final int found, final int expected)
    {
        return "page type is " + PageType.name(found) + " (" + found + "), the reference expects " + PageType.name(expected) +
            " (" + expected + ")";
    }

    static String crcMismatch(final int stored, final int computed)
    {
        return "CRC32C 0x" + Integer.toHexString(computed) + " computed, 0x" + Integer.toHexString(stored) + " stored";
    }
}
