package io.pagekv.page;

import io.pagekv.CorruptStoreException;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafCheck;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.OverflowLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.format.SegmentHeaderLayout;
import io.pagekv.io.ErrorMapper;
import io.pagekv.io.StoreFile;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.NoSuchFileException;
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
 * The table says how the file is mapped ({@link Mapper}): a writable store's table takes a
 * mapping of the same file this JVM still reaches ({@link SharedMappings}).
 *
 * <p>Reads go through the mapping alone, so the file's descriptor is needed only to write or
 * force: a segment the log has moved past gives it back ({@link #closeFile}) and {@link #file}
 * opens the file again if a writer needs it later. A long-lived store with many segments thus
 * holds a few descriptors, not one per segment.
 *
 * <p>A segment may also be known before it is mapped ({@link #unmapped}): a writable open after a
 * clean close maps only the segments it reads, and every other one is mapped by the first access
 * to its pages, whoever makes it (a get, a cursor, the checker, compaction, an export).
 *
 * <p>Thread-safe: the mapping, once made, never changes; the bitmap and the count use atomic
 * operations; the descriptor and the making of the mapping are guarded by this object.
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

    /** Maps a segment's file read-only: afresh, or through {@link SharedMappings}. */
    @FunctionalInterface
    public interface Mapper
    {
        /**
         * @param file   the segment file, open.
         * @param length how many bytes to map: whole pages.
         * @return the read-only mapping.
         * @throws IOException if it cannot be mapped.
         */
        MappedByteBuffer map(StoreFile file, long length) throws IOException;
    }

    /**
     * What mapping the file gives: the whole file, its length in pages, and which pages were
     * checked. Immutable but for the bitmap's atomic bits, so that it is safe to publish by a
     * plain write: a reader that sees the reference sees its final fields and what they reach.
     */
    private record Mapping(UnsafeBuffer buffer, int capacityPages, AtomicLongArray checkedPages, AtomicLongArray disagreeingLeaves)
    {
        Mapping(final MappedByteBuffer map, final int capacityPages)
        {
            this(new UnsafeBuffer(map), capacityPages, new AtomicLongArray((capacityPages + 63) >>> 6),
                new AtomicLongArray((capacityPages + 63) >>> 6));
        }
    }

    private final int number;
    private final Path path;
    private final Reopen reopen;
    private final Mapper mapper;
    private StoreFile file;
    private final int pageSize;
    private final long storeId;
    /** How to open the file to map it, for a segment not mapped yet; null once mapped. Guarded by this. */
    private Reopen mapFrom;
    /**
     * Null until a segment made by {@link #unmapped} is first read; then set once, under this
     * object's lock, and never changed. Read without a lock on every access: {@link Mapping}'s
     * fields are final, so a thread that sees the reference sees a whole mapping, and one that
     * sees null takes the lock and looks again (the racy single-check idiom of an immutable value).
     */
    private Mapping mapping;
    private final AtomicInteger references = new AtomicInteger(1);
    private volatile RunGuard guard;
    /** Whether it was ever pinned: an export may have handed its file to another process. */
    private volatile boolean pinnedOnce;
    /**
     * Pages from the start of the file known to have their blocks written (commits or zeros),
     * so that writing them again allocates nothing: 0 when unknown.
     */
    private volatile int allocatedPages;

    private Segment(
        final int number, final Path path, final StoreFile file, final Reopen reopen, final Reopen mapFrom, final Mapper mapper,
        final int pageSize, final long storeId)
    {
        this.number = number;
        this.path = path;
        this.reopen = reopen;
        this.mapper = mapper;
        this.file = file;
        this.mapFrom = mapFrom;
        this.pageSize = pageSize;
        this.storeId = storeId;
    }

    /**
     * Maps an open segment file and checks its header page.
     *
     * @param number   the segment number its name says.
     * @param file     the open file.
     * @param reopen   how to open it again once its descriptor was given back.
     * @param mapper   how to map it.
     * @param pageSize the store's page size.
     * @param storeId  the store's id.
     * @return the segment.
     * @throws IOException           if the file cannot be read or mapped.
     * @throws CorruptStoreException if the header is damaged or belongs to another store or segment.
     */
    public static Segment map(
        final int number, final StoreFile file, final Reopen reopen, final Mapper mapper, final int pageSize, final long storeId)
        throws IOException
    {
        final Segment segment = new Segment(number, file.path(), file, reopen, null, mapper, pageSize, storeId);
        segment.mapping = segment.mapChecked(file);
        return segment;
    }

    /**
     * A segment whose file is known to exist but is neither opened nor mapped yet: the first
     * access that needs its pages (or its length) opens the file with {@code mapFrom}, maps it,
     * checks its header as {@link #map} does, and closes the file again, on whatever thread it
     * runs. A failure then is thrown from that access, typed as {@link #map}'s are (an
     * {@link IOException} as {@link io.pagekv.StoreIOException}, a file gone since as
     * {@link CorruptStoreException}), and the next access tries again.
     *
     * @param number   the segment number.
     * @param path     its file.
     * @param reopen   how to open it to write (see {@link #file}).
     * @param mapFrom  how to open it to map it.
     * @param mapper   how to map it, once open.
     * @param pageSize the store's page size.
     * @param storeId  the store's id.
     * @return the segment, not mapped.
     */
    public static Segment unmapped(
        final int number, final Path path, final Reopen reopen, final Reopen mapFrom, final Mapper mapper, final int pageSize,
        final long storeId)
    {
        return new Segment(number, path, null, reopen, mapFrom, mapper, pageSize, storeId);
    }

    private Mapping mapChecked(final StoreFile from) throws IOException
    {
        final long size = from.size();
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
        checkHeader(headerPage(from));
        final Mapping mapped = new Mapping(mapper.map(from, (long)capacity * pageSize), capacity);
        markChecked(mapped.checkedPages(), 0);
        return mapped;
    }

    /**
     * The header page, read through the file rather than the mapping (the kernel keeps the two
     * coherent): mapping a segment then touches none of its pages, and each first touch of a page
     * of a new mapping is a page fault, tens of microseconds on some virtual machines. A file
     * that shrank since its length was taken reads as zeros past its end, which no header is.
     */
    private UnsafeBuffer headerPage(final StoreFile from) throws IOException
    {
        final ByteBuffer page = ByteBuffer.allocate(pageSize);
        from.readFully(0, page);
        return new UnsafeBuffer(page.array());
    }

    private Mapping mapping()
    {
        final Mapping mapped = mapping;
        return mapped != null ? mapped : mapNow();
    }

    private synchronized Mapping mapNow()
    {
        if (mapping != null)
        {
            return mapping;
        }
        if (references.get() <= 0)
        {
            throw new IllegalStateException("segment " + number + " (" + path + ") is retired; it was never mapped");
        }
        try (StoreFile from = mapFrom.open(path))
        {
            final Mapping mapped = mapChecked(from);
            mapping = mapped;
            mapFrom = null;
            return mapped;
        }
        catch (final NoSuchFileException ex)
        {
            throw corrupt(CorruptStoreException.UNKNOWN, CorruptStoreException.UNKNOWN,
                "segment file is gone: it was there when the store was opened, and the log still reaches it");
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot map segment " + path, ex);
        }
    }

    /**
     * @return whether the file is mapped: always for a segment made by {@link #map}, after its
     * first access for one made by {@link #unmapped}.
     */
    public boolean isMapped()
    {
        return mapping != null;
    }

    private void checkHeader(final UnsafeBuffer buffer)
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
     * Records how many pages from the start of the file have their blocks written: by the log
     * when it rolls away from the segment, and when the segment is made from a file whose blocks
     * were written before (a prepared file, a reused spare). Writer thread.
     *
     * @param pages the pages, header included.
     */
    public void recordAllocated(final int pages)
    {
        allocatedPages = pages;
    }

    /**
     * @return how many pages from the start of the file are known to have their blocks written,
     * 0 when unknown: the log writes no zeros ahead of its tail within them (decision 67).
     */
    public int allocatedPages()
    {
        return allocatedPages;
    }

    /**
     * @return pages the file holds, header page included.
     * @throws CorruptStoreException if the segment is mapped now and its file is damaged or gone.
     * @throws io.pagekv.StoreIOException if it is mapped now and the file cannot be opened or mapped.
     */
    public int capacityPages()
    {
        return mapping().capacityPages();
    }

    /**
     * @return the mapping of the whole file; read-only.
     * @throws CorruptStoreException if the segment is mapped now and its file is damaged or gone.
     * @throws io.pagekv.StoreIOException if it is mapped now and the file cannot be opened or mapped.
     */
    public UnsafeBuffer buffer()
    {
        return mapping().buffer();
    }

    /**
     * @return the mapping if the file is mapped, else null (nothing is mapped by this call): for
     * finding which segment a view points into, which only a mapped one can be.
     */
    public UnsafeBuffer bufferIfMapped()
    {
        final Mapping mapped = mapping;
        return mapped == null ? null : mapped.buffer();
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
        final Mapping mapped = mapping();
        if (pageIndex <= 0 || pageIndex >= mapped.capacityPages())
        {
            throw corrupt(pageIndex, CorruptStoreException.UNKNOWN,
                "page index out of the segment's 1.." + (mapped.capacityPages() - 1) + " pages");
        }
        final int offset = pageIndex * pageSize;
        if (!isChecked(mapped.checkedPages(), pageIndex))
        {
            verify(mapped, pageIndex, expectedType);
            markChecked(mapped.checkedPages(), pageIndex);
        }
        else if (PageLayout.type(mapped.buffer(), offset) != expectedType)
        {
            throw corrupt(pageIndex, offset, wrongType(PageLayout.type(mapped.buffer(), offset), expectedType));
        }
        return offset;
    }

    /**
     * Checks one page (or overflow run) now, whether or not it was checked before: its type, its
     * own id, its checksum and, for a leaf that says it names no overflow run
     * ({@link LeafLayout#FLAG_NO_RUNS}), that its cells agree; it notes whether a leaf's cells
     * agree with its header ({@link #leafAgreesWithHeader}).
     *
     * @param pageIndex    the page index.
     * @param expectedType the expected {@link PageType}.
     * @throws CorruptStoreException if a check fails.
     */
    public void verify(final int pageIndex, final int expectedType)
    {
        verify(mapping(), pageIndex, expectedType);
    }

    private void verify(final Mapping mapped, final int pageIndex, final int expectedType)
    {
        final UnsafeBuffer buffer = mapped.buffer();
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
        final int length = checkedLength(mapped, pageIndex, type);
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
        if (type == PageType.LEAF)
        {
            if (LeafLayout.claimsNoRuns(buffer, offset))
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
            if (!LeafCheck.agrees(buffer, offset, pageSize))
            {
                // Before the page is marked checked: see leafAgreesWithHeader.
                markChecked(mapped.disagreeingLeaves(), pageIndex);
            }
        }
    }

    /**
     * Whether a leaf that {@link #checkedPage} passed can be taken by its header: its cells are
     * all ones this build reads, inside the page, and take the bytes used that its header says
     * ({@link LeafCheck}). True for the leaves this process wrote, and for every leaf read whose
     * first check found them so; false for the rest, which a caller walks cell by cell.
     *
     * @param pageIndex the index of a leaf page {@link #checkedPage} passed.
     * @return whether its header's bytes used can be trusted.
     */
    public boolean leafAgreesWithHeader(final int pageIndex)
    {
        final Mapping mapped = mapping();
        final int word = pageIndex >>> 6;
        final long bit = 1L << pageIndex;
        // Acquire: the check that found a leaf disagreeing marked it so before marking it checked.
        return (mapped.checkedPages().getAcquire(word) & bit) != 0 && (mapped.disagreeingLeaves().getAcquire(word) & bit) == 0;
    }

    /**
     * @param runGuard what checks of patchable runs in this segment take; null for none.
     */
    void guardRuns(final RunGuard runGuard)
    {
        guard = runGuard;
    }

    private int checkedLength(final Mapping mapped, final int pageIndex, final int type)
    {
        if (type != PageType.OVERFLOW)
        {
            return pageSize;
        }
        final UnsafeBuffer buffer = mapped.buffer();
        final int capacityPages = mapped.capacityPages();
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

    private static boolean isChecked(final AtomicLongArray checkedPages, final int pageIndex)
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
        final AtomicLongArray checkedPages = mapping().checkedPages();
        for (int i = firstIndex; i < firstIndex + count; i++)
        {
            markChecked(checkedPages, i);
        }
    }

    private static void markChecked(final AtomicLongArray checkedPages, final int pageIndex)
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

    /** Notes that it was pinned, for {@link #wasPinned}. */
    void markPinned()
    {
        pinnedOnce = true;
    }

    /**
     * @return whether it was ever pinned: then another process may map its file still (an export
     * hands the file itself over), so the file is deleted, never reused.
     */
    boolean wasPinned()
    {
        return pinnedOnce;
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
