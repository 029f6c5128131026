package io.pagekv.page;

import io.pagekv.CorruptStoreException;
import io.pagekv.format.SegmentHeaderLayout;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place where segment files are opened, created, mapped, pinned, unpinned and retired.
 *
 * <p>Each mapped segment carries a reference count: the table holds one while the segment is in
 * the store (findable through {@link #pages()}), and every {@link #pin} one more. {@link #retire}
 * takes a segment out of the store and drops the table's reference; its file is closed, and
 * deleted if asked, when the last pin goes. Compaction retires segments once unpinned; exports
 * and snapshots pin them.
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
    private final Set<Segment> deleteWhenReleased = ConcurrentHashMap.newKeySet();
    /**
     * For a writable table, the segment files in the directory: listed once, at the first
     * {@link #listFiles}, then kept by every create and delete made here, the one place that
     * makes or removes them while the writer lock keeps every other process from doing so.
     * Null until then, and always for a read-only table, which lists afresh each time (a writer
     * elsewhere changes the directory under it). Guarded by this.
     */
    private TreeSet<Integer> files;

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
                files = new TreeSet<>();
                for (final int number : SegmentFiles.list(dir))
                {
                    files.add(number);
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
     * @param number the segment number; a segment of that number must not be in the store.
     */
    public void addUnmapped(final int number)
    {
        pages.add(Segment.unmapped(number, SegmentFiles.path(dir, number), this::reopen, io::openReadOnly, pages.pageSize(), storeId));
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
            final Segment segment = Segment.map(number, file, this::reopen, pages.pageSize(), storeId);
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
        final StoreFile file = io.open(SegmentFiles.path(dir, number), true);
        fileCreated(number);
        try
        {
            file.setLength(0);
            file.setLength((long)capacity * pageSize);
            final ByteBuffer header = ByteBuffer.allocateDirect(pageSize);
            SegmentHeaderLayout.write(new UnsafeBuffer(header), pageSize, number, storeId, capacity, txnId, System.currentTimeMillis());
            file.write(0, header);
            file.force();
            io.forceDirectory(dir);
            final Segment segment = Segment.map(number, file, this::reopen, pageSize, storeId);
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
     * Pins a segment so that its file stays open (and undeleted) until {@link #unpin}.
     *
     * @param number the segment number.
     * @return the pinned segment, or null if the store has no such segment.
     */
    public Segment pin(final int number)
    {
        final Segment segment = pages.find(number);
        return segment != null && segment.retain() ? segment : null;
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
        pages.remove(segment);
        if (delete && writable)
        {
            deleteWhenReleased.add(segment);
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
            if (number < first && pages.find(number) == null)
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
        if (segment.release() && deleteWhenReleased.remove(segment))
        {
            io.delete(segment.path());
            fileDeleted(segment.number());
        }
    }

    /**
     * Retires every segment: closes the files nothing pins.
     *
     * @throws IOException the first failure to close a file; every file is tried.
     */
    public void closeAll() throws IOException
    {
        final List<IOException> failures = new ArrayList<>();
        for (final Segment segment : pages.all())
        {
            try
            {
                retire(segment, false);
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
