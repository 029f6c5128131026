package io.pagekv.page;

import io.pagekv.CorruptStoreException;
import io.pagekv.format.SegmentHeaderLayout;
import io.pagekv.format.StoreFileNames;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;

/**
 * The one place where segment files are opened, created, mapped, pinned, unpinned and retired.
 *
 * <p>Each mapped segment carries a reference count: the table holds one while the segment is in
 * the store (findable through {@link #pages()}), and every {@link #pin} one more. {@link #retire}
 * takes a segment out of the store and drops the table's reference; its file is closed, and
 * deleted if asked, when the last pin goes. Compaction retires segments once unpinned; exports
 * and snapshots pin them.
 *
 * <p>A writable table may keep retired files as spares and reuse them for new segments
 * ({@link SpareSegments}, decision 59), while {@link #recycleWhen} allows: every process that
 * maps a file must then be known to read it no longer.
 *
 * <p>Thread-safety: opening, creating and retiring happen on the writer thread or at open (one
 * reader at a time refreshes a read-only store); {@link #pin} and {@link #unpin} may be called on
 * any thread.
 */
public final class SegmentTable
{
    private final Path dir;
    private final FileIO io;
    private final PageStore pages;
    private final long storeId;
    private final boolean writable;
    /**
     * How segments are mapped: a writable table, which maps with the writer lock held, shares the
     * mappings this JVM still reaches ({@link SharedMappings}); a read-only one maps afresh.
     */
    private final Segment.Mapper mapper;
    /** Retired segments whose files go when their last reference does: each, whether it may rather be kept as a spare. */
    private final Map<Segment, Boolean> deleteWhenReleased = new ConcurrentHashMap<>();
    /**
     * For a writable table, the segment files in the directory: listed once, at the first
     * {@link #listFiles}, then kept by every create and delete made here, the one place that
     * makes or removes them while the writer lock keeps every other process from doing so.
     * Null until then, and always for a read-only table, which lists afresh each time (a writer
     * elsewhere changes the directory under it). Guarded by this.
     */
    private TreeSet<Integer> files;
    private final SpareSegments spares = new SpareSegments();
    /** Whether a retired segment's file may be kept and reused now; never until {@link #recycleWhen}. */
    private volatile IntPredicate recycling = number -> false;
    /** The most bytes the spares may hold together; none until {@link #recycleWhen}. */
    private volatile LongSupplier spareBudget = () -> 0;
    /** Files reused so far: moved before the first byte of a reused file changes. */
    private final AtomicLong recycled = new AtomicLong();
    /** The log's next segment, made ahead for forced commits; null for a read-only table. */
    private final PreparedSegment prepared;
    /** Segments made from a prepared file so far. */
    private final AtomicLong preparedUsed = new AtomicLong();

    /**
     * @param dir      the store directory.
     * @param io       the file seam.
     * @param pageSize the store's page size.
     * @param storeId  the store id every segment header must carry.
     * @param writable whether segment files are opened for writing.
     */
    public SegmentTable(final Path dir, final FileIO io, final int pageSize, final long storeId, final boolean writable)
    {
        this.dir = dir;
        this.io = io;
        this.pages = new PageStore(dir, pageSize);
        this.storeId = storeId;
        this.writable = writable;
        this.mapper = writable ? SharedMappings::map : StoreFile::mapReadOnly;
        this.prepared = writable ? new PreparedSegment(dir.resolve(StoreFileNames.NEXT_SEGMENT), io) : null;
    }

    /**
     * @return page id → mapped page resolution over the segments in the store.
     */
    public PageStore pages()
    {
        return pages;
    }

    /**
     * @return the store id every segment header must carry.
     */
    public long storeId()
    {
        return storeId;
    }

    /**
     * @return the store directory.
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * Lets retired files be kept as spares and reused for new segments when {@code condition}
     * holds for the segment's number; it is asked when a retired file's last reference goes and
     * again before a spare is reused. A file that was ever pinned is never reused. A writable
     * table only.
     *
     * @param condition whether nothing, in this process or another, may still read or write the
     *                  retired segment's file.
     * @param budget    the most bytes the spares may hold together, asked when one is offered.
     */
    public void recycleWhen(final IntPredicate condition, final LongSupplier budget)
    {
        if (writable)
        {
            spareBudget = budget;
            recycling = condition;
        }
    }

    /**
     * @return how many retired files were reused for new segments so far. It moves before the
     * first byte of a reused file changes, so a reader that holds no snapshot and read a page
     * while the count stood still read a page that did not change under it.
     */
    public long recycledCount()
    {
        return recycled.get();
    }

    /**
     * Has the log's next segment file of {@code bytes} made ahead in the background, all blocks
     * written ({@link PreparedSegment}), unless a spare waits to be reused or one is being made
     * or waits already. For a log whose commits are forced; a writable table only.
     *
     * @param bytes the next segment's length.
     */
    public void prepareNext(final long bytes)
    {
        if (prepared != null && spares.isEmpty())
        {
            prepared.request(bytes);
        }
    }

    /**
     * @return how many segments were made from a file prepared by {@link #prepareNext}.
     */
    public long preparedCount()
    {
        return preparedUsed.get();
    }

    /**
     * @return the numbers of the spare files, ascending: retired, below the log's first segment,
     * kept to be reused.
     */
    public int[] spareFiles()
    {
        return spares.list();
    }

    /**
     * Deletes the spare files: for a close, and for a whole compaction, which gives space back.
     * The directory is not forced: a spare that a crash brings back lies below the log's first
     * segment, where the next open deletes it.
     *
     * @throws IOException if a file cannot be deleted.
     */
    public void deleteSpares() throws IOException
    {
        for (final int number : spares.takeAll())
        {
            deleteSpare(number);
        }
    }

    /**
     * @return the numbers of the segment files in the directory, ascending.
     * @throws IOException if the directory cannot be listed.
     */
    public int[] listFiles() throws IOException
    {
        if (!writable)
        {
            return SegmentFiles.list(dir);
        }
        synchronized (this)
        {
            if (files == null)
            {
                final String[] names = SegmentFiles.names(dir);
                files = new TreeSet<>();
                for (final int number : SegmentFiles.numbers(names))
                {
                    files.add(number);
                }
                if (Arrays.asList(names).contains(StoreFileNames.NEXT_SEGMENT))
                {
                    // Left by a process that stopped before its close deleted it: made ahead by
                    // an earlier writer, maybe in part. Nothing in it is needed.
                    io.delete(prepared.path());
                }
            }
            return files.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /**
     * @return whether a segment file of that number may exist: for a writable table, whether the
     * listing it keeps has it (listing the directory the first time); for a read-only one, always.
     */
    private boolean mayExist(final int number) throws IOException
    {
        if (!writable)
        {
            return true;
        }
        synchronized (this)
        {
            if (files == null)
            {
                listFiles();
            }
            return files.contains(number);
        }
    }

    private synchronized void fileCreated(final int number)
    {
        if (files != null)
        {
            files.add(number);
        }
    }

    private synchronized void fileDeleted(final int number)
    {
        if (files != null)
        {
            files.remove(number);
        }
    }

    /**
     * Puts an existing segment file into the store without opening or mapping it: the first
     * access to its pages maps it and checks its header ({@link Segment#unmapped}), and fails then
     * if the file is damaged or gone. For the segments an open that follows a clean close does
     * not read.
     *
     * @param numbers the segment numbers; no segment of these numbers may be in the store.
     */
    public void addUnmapped(final int[] numbers)
    {
        final List<Segment> added = new ArrayList<>(numbers.length);
        for (final int number : numbers)
        {
            added.add(Segment.unmapped(number, SegmentFiles.path(dir, number), this::reopen, io::openReadOnly, mapper, pages.pageSize(),
                storeId));
        }
        pages.addAll(added);
    }

    /**
     * Maps an existing segment file, or returns the one already mapped.
     *
     * @param number the segment number.
     * @return the segment, or null if there is no such file.
     * @throws IOException           if it cannot be opened or mapped.
     * @throws CorruptStoreException if its header is damaged or belongs elsewhere.
     */
    public Segment open(final int number) throws IOException
    {
        final Segment known = pages.find(number);
        return known != null ? known : mapFile(number);
    }

    /**
     * Maps a segment file afresh, replacing (and retiring) the mapping the table had of that
     * number: a read-only store follows a writer that deleted and re-created a segment it had
     * mapped before any commit was in it.
     *
     * @param number the segment number.
     * @return the new segment, or null if there is no such file.
     * @throws IOException           if it cannot be opened or mapped.
     * @throws CorruptStoreException if its header is damaged or belongs elsewhere.
     */
    public Segment reopen(final int number) throws IOException
    {
        final Segment known = pages.find(number);
        final Segment fresh = mapFile(number);
        if (known != null && fresh != null)
        {
            known.release();
        }
        return fresh;
    }

    private StoreFile reopen(final Path path) throws IOException
    {
        return writable ? io.open(path, false) : io.openReadOnly(path);
    }

    /**
     * Gives back the descriptors of every segment but {@code keep}: nothing is written to them
     * any more (the writer, after open).
     *
     * @param keep the segment the log appends to.
     * @throws IOException if closing fails.
     */
    public void closeFilesExcept(final int keep) throws IOException
    {
        for (final Segment segment : pages.all())
        {
            if (segment.number() != keep)
            {
                segment.closeFile();
            }
        }
    }

    private Segment mapFile(final int number) throws IOException
    {
        if (!mayExist(number))
        {
            return null;
        }
        final Path path = SegmentFiles.path(dir, number);
        final StoreFile file;
        try
        {
            file = writable ? io.open(path, false) : io.openReadOnly(path);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        try
        {
            final Segment segment = Segment.map(number, file, this::reopen, mapper, pages.pageSize(), storeId);
            if (!writable)
            {
                // A reader never writes or forces: the mapping is all it needs.
                segment.closeFile();
            }
            pages.add(segment);
            return segment;
        }
        catch (final IOException | RuntimeException ex)
        {
            file.close();
            throw ex;
        }
    }

    /**
     * Creates (or re-creates) a segment file at its full length with its header page, forces it
     * and its directory entry, and maps it. A mapped segment of the same number (one that never
     * held a commit) is retired first.
     *
     * @param number   the segment number.
     * @param capacity pages in the file, header included.
     * @param txnId    the transaction that needs it.
     * @return the mapped segment.
     * @throws IOException if the file cannot be written, forced or mapped.
     */
    public Segment create(final int number, final int capacity, final long txnId) throws IOException
    {
        final Segment replaced = pages.find(number);
        if (replaced != null)
        {
            retire(replaced, false);
        }
        final int pageSize = pages.pageSize();
        final Path path = SegmentFiles.path(dir, number);
        final ByteBuffer header = ByteBuffer.allocateDirect(pageSize);
        SegmentHeaderLayout.write(new UnsafeBuffer(header), pageSize, number, storeId, capacity, txnId, System.currentTimeMillis());
        final long bytes = (long)capacity * pageSize;
        int allocatedPages = replaced == null ? reuseSpare(number, bytes, header) : -1;
        if (allocatedPages < 0 && replaced == null && usePrepared(number, bytes, header))
        {
            allocatedPages = capacity;
        }
        final StoreFile file = io.open(path, allocatedPages < 0);
        fileCreated(number);
        try
        {
            if (allocatedPages < 0)
            {
                file.setLength(0);
                file.setLength((long)capacity * pageSize);
                file.write(0, header.clear());
                file.force();
                io.forceDirectory(dir);
            }
            final Segment segment = Segment.map(number, file, this::reopen, mapper, pageSize, storeId);
            segment.recordAllocated(Math.max(allocatedPages, 0));
            pages.add(segment);
            return segment;
        }
        catch (final IOException | RuntimeException ex)
        {
            file.close();
            throw ex;
        }
    }

    /**
     * Turns a spare file into segment {@code number}, if recycling is allowed and a spare is kept:
     * writes the new header page into it (its length set to {@code bytes} if it differs), forces
     * it, renames it to the segment's name and forces the directory. The old pages behind the
     * header stay until the log overwrites them; each carries the old segment's number in its
     * page id, so no read of the new segment takes one for its own. A crash before the rename
     * leaves a file below the log's first segment, which the next open deletes.
     *
     * @return -1 if no spare became the segment's file, which leaves the caller to create it;
     * else how many pages from the file's start are known to have their blocks written.
     * @throws IOException if a step fails; the spare is then deleted, as far as it can be.
     */
    private int reuseSpare(final int number, final long bytes, final ByteBuffer header) throws IOException
    {
        final SpareSegments.Spare taken = spares.take();
        if (taken == null)
        {
            return -1;
        }
        final int spare = taken.number();
        if (!recycling.test(spare))
        {
            // Kept while nothing else read the store; now something may, and a spare is never needed.
            deleteSpare(spare);
            return -1;
        }
        // Before the first byte changes: a point read that may have reached the old file retries.
        recycled.incrementAndGet();
        final boolean kept = adopt(SegmentFiles.path(dir, spare), bytes, header, number, () -> deleteSpare(spare));
        fileDeleted(spare);
        fileCreated(number);
        io.forceDirectory(dir);
        return kept ? taken.allocatedPages() : 0;
    }

    /**
     * Turns the file {@link #prepareNext} made into segment {@code number}, if one of
     * {@code bytes} is filled: the same steps as for a spare. Its blocks are all written, so the
     * log writes no zeros ahead in it.
     *
     * @return whether the prepared file now is the segment's file; false leaves the caller to create it.
     * @throws IOException if a step fails; the prepared file is then deleted, as far as it can be.
     */
    private boolean usePrepared(final int number, final long bytes, final ByteBuffer header) throws IOException
    {
        if (prepared == null || !prepared.take(bytes))
        {
            return false;
        }
        adopt(prepared.path(), bytes, header, number, () -> io.delete(prepared.path()));
        fileCreated(number);
        io.forceDirectory(dir);
        preparedUsed.incrementAndGet();
        return true;
    }

    /** Deletes a file that a failed {@link #adopt} leaves unnamed as a segment. */
    private interface Discard
    {
        void run() throws IOException;
    }

    /**
     * Makes an existing file segment {@code number}'s: sets its length to {@code bytes} if it
     * differs, writes the new header page, forces the file and renames it. The caller forces the
     * directory.
     *
     * @param discard deletes {@code from} if a step before the rename fails.
     * @return whether the file kept its length, and with it its written blocks.
     * @throws IOException if a step fails; the file is then discarded, as far as it can be.
     */
    private boolean adopt(final Path from, final long bytes, final ByteBuffer header, final int number, final Discard discard)
        throws IOException
    {
        final boolean kept;
        try
        {
            try (StoreFile file = io.open(from, false))
            {
                kept = file.size() == bytes;
                if (!kept)
                {
                    file.setLength(0);
                    file.setLength(bytes);
                }
                file.write(0, header.clear());
                file.force();
            }
            io.moveAtomically(from, SegmentFiles.path(dir, number));
        }
        catch (final IOException | RuntimeException ex)
        {
            try
            {
                discard.run();
            }
            catch (final IOException suppressed)
            {
                ex.addSuppressed(suppressed);
            }
            throw ex;
        }
        return kept;
    }

    private void deleteSpare(final int number) throws IOException
    {
        io.delete(SegmentFiles.path(dir, number));
        fileDeleted(number);
    }

    /**
     * Pins a segment so that its file stays open (and undeleted) until {@link #unpin}.
     *
     * @param number the segment number.
     * @return the pinned segment, or null if the store has no such segment.
     */
    public Segment pin(final int number)
    {
        final Segment segment = pages.find(number);
        if (segment == null || !segment.retain())
        {
            return null;
        }
        segment.markPinned();
        return segment;
    }

    /**
     * Drops a pin; the last reference of a retired segment closes (and maybe deletes) its file.
     *
     * @param segment a segment returned by {@link #pin}.
     * @throws IOException if closing or deleting the file fails.
     */
    public void unpin(final Segment segment) throws IOException
    {
        release(segment);
    }

    /**
     * Takes a segment out of the store. Its file is closed, and deleted if {@code delete} and the
     * table is writable (a read-only process never deletes), once nothing pins it.
     *
     * @param segment the segment.
     * @param delete  whether to delete its file then.
     * @throws IOException if closing or deleting the file fails.
     */
    public void retire(final Segment segment, final boolean delete) throws IOException
    {
        retire(segment, delete, false);
    }

    /**
     * Takes a segment out of the store, as {@link #retire(Segment, boolean)} does; a file to be
     * deleted may rather be kept as a spare for a new segment, if {@code reusable} and
     * {@link #recycleWhen} allow when its last reference goes.
     *
     * @param segment  the segment.
     * @param delete   whether to delete its file then.
     * @param reusable whether its file may be kept as a spare instead.
     * @throws IOException if closing or deleting the file fails.
     */
    public void retire(final Segment segment, final boolean delete, final boolean reusable) throws IOException
    {
        pages.remove(segment);
        if (delete && writable)
        {
            deleteWhenReleased.put(segment, reusable);
        }
        release(segment);
    }

    /**
     * Deletes the segment files numbered above {@code last}, retiring any mapping of them, and
     * forces the directory if it deleted any or {@code force} asks for it.
     *
     * @param last  the highest segment number to keep.
     * @param force whether to force the directory even when nothing was deleted.
     * @throws IOException if a file cannot be deleted or the directory forced.
     */
    public void deleteFilesAfter(final int last, final boolean force) throws IOException
    {
        boolean deleted = false;
        for (final int number : listFiles())
        {
            if (number > last)
            {
                final Segment stale = pages.find(number);
                if (stale != null)
                {
                    retire(stale, false);
                }
                io.delete(SegmentFiles.path(dir, number));
                fileDeleted(number);
                deleted = true;
            }
        }
        if (deleted || force)
        {
            io.forceDirectory(dir);
        }
    }

    /**
     * Deletes the segment files numbered below {@code first} that nothing maps: what an interrupted
     * retirement left behind. Forces the directory if it deleted any.
     *
     * @param first the lowest segment number to keep.
     * @return how many files were deleted.
     * @throws IOException if a file cannot be deleted or the directory forced.
     */
    public int deleteFilesBelow(final int first) throws IOException
    {
        int deleted = 0;
        for (final int number : listFiles())
        {
            if (number < first && pages.find(number) == null && !spares.contains(number))
            {
                io.delete(SegmentFiles.path(dir, number));
                fileDeleted(number);
                deleted++;
            }
        }
        if (deleted > 0)
        {
            io.forceDirectory(dir);
        }
        return deleted;
    }

    private void release(final Segment segment) throws IOException
    {
        if (!segment.release())
        {
            return;
        }
        final Boolean reusable = deleteWhenReleased.remove(segment);
        if (reusable == null)
        {
            return;
        }
        // A segment never mapped since a clean open has no pages in the cache to offer.
        if (reusable && !segment.wasPinned() && segment.isMapped() && recycling.test(segment.number()) &&
            spares.offer(segment.number(), (long)segment.capacityPages() * pages.pageSize(), segment.allocatedPages(),
                spareBudget.getAsLong()))
        {
            return;
        }
        io.delete(segment.path());
        fileDeleted(segment.number());
    }

    /**
     * Deletes the spare files and the next segment's prepared file (its filling stopped) and
     * retires every segment: closes the files nothing pins. The directory is not forced: a file
     * that a crash brings back is deleted by the next writable open.
     *
     * @throws IOException the first failure to close a file; every file is tried.
     */
    public void closeAll() throws IOException
    {
        final List<IOException> failures = new ArrayList<>();
        try
        {
            deleteSpares();
        }
        catch (final IOException ex)
        {
            failures.add(ex);
        }
        if (prepared != null)
        {
            try
            {
                prepared.close();
            }
            catch (final IOException ex)
            {
                failures.add(ex);
            }
        }
        // One copy of the table for all (as retire(segment, false) for each).
        final List<Segment> all = List.of(pages.all());
        pages.removeAll(all);
        for (final Segment segment : all)
        {
            try
            {
                release(segment);
            }
            catch (final IOException ex)
            {
                failures.add(ex);
            }
        }
        if (!failures.isEmpty())
        {
            for (int i = 1; i < failures.size(); i++)
            {
                failures.get(0).addSuppressed(failures.get(i));
            }
            throw failures.get(0);
        }
    }

    /**
     * Closes every file without reporting failures: for an open that failed.
     */
    public void closeQuietly()
    {
        try
        {
            closeAll();
        }
        catch (final IOException ignored)
        {
            // The failure that made the open give up is what the caller reports.
        }
    }
}
