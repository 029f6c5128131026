package io.pagekv.page;

import io.pagekv.CorruptStoreException;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-write mappings of patchable overflow runs, for the atomic counter operations that must
 * act on the mapped page itself (decision 4 keeps whole segments mapped read-only; only a run
 * flagged {@link PageLayout#FLAG_PATCHABLE} is ever mapped for writing, and only its own pages).
 * Each segment holding such a run is opened once more for writing, also by a read-only store:
 * counters are the one write such a store makes.
 *
 * <p>Thread-safe. Mappings are cached by run id (a run id is never reused for another run while
 * its segment exists) and left to the garbage collector (decision 6).
 */
public final class RunMappings implements Closeable
{
    /** Cached mappings beyond which the cache starts afresh, so that replaced runs are not held for ever. */
    private static final int MAX_CACHED = 4096;

    private final PageStore pages;
    private final FileIO io;
    private final ConcurrentHashMap<Integer, StoreFile> files = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, UnsafeBuffer> runs = new ConcurrentHashMap<>();

    /**
     * @param pages the page store, whose read-only mappings tell where runs are and how long.
     * @param io    the file seam.
     */
    public RunMappings(final PageStore pages, final FileIO io)
    {
        this.pages = pages;
        this.io = io;
    }

    /**
     * @param runId a patchable run's first page id.
     * @return the whole run (header included) mapped read-write.
     * @throws CorruptStoreException if no patchable run starts there.
     * @throws IOException if the file cannot be opened or mapped.
     */
    public UnsafeBuffer map(final long runId) throws IOException
    {
        final UnsafeBuffer cached = runs.get(runId);
        if (cached != null)
        {
            return cached;
        }
        final Segment segment = pages.segment(runId);
        final int index = PageAddress.pageIndex(runId);
        if (index <= 0 || index >= segment.capacityPages())
        {
            throw segment.corrupt(index, CorruptStoreException.UNKNOWN, "patchable run " + PageAddress.toString(runId) + " lies outside its segment");
        }
        final int offset = segment.offset(index);
        final UnsafeBuffer buffer = segment.buffer();
        final int runPages = PageLayout.aux1(buffer, offset);
        if (!PageLayout.isPatchableRun(buffer, offset) || PageLayout.pageId(buffer, offset) != runId ||
            runPages <= 0 || runPages > segment.capacityPages() - index)
        {
            throw segment.corrupt(index, offset, "page " + PageAddress.toString(runId) + " is not the first page of a patchable run");
        }
        final StoreFile file = fileOf(segment);
        final UnsafeBuffer run = new UnsafeBuffer(file.channel().map(FileChannel.MapMode.READ_WRITE, offset, (long)runPages * segment.offset(1)));
        if (runs.size() >= MAX_CACHED)
        {
            runs.clear();
        }
        final UnsafeBuffer raced = runs.putIfAbsent(runId, run);
        return raced == null ? run : raced;
    }

    /**
     * Recomputes a run's checksum from its bytes and stores it: for a run whose last changer
     * died between changing its bytes and its checksum. Call with the run's stripe held.
     *
     * @param runId a patchable run's first page id.
     * @return whether the stored checksum was wrong.
     * @throws IOException if the run cannot be mapped.
     */
    public boolean reseal(final long runId) throws IOException
    {
        final UnsafeBuffer run = map(runId);
        final int crc = PageLayout.checksum(run, 0, run.capacity());
        if (crc == run.getIntVolatile(PageLayout.CRC_OFFSET))
        {
            return false;
        }
        run.putIntVolatile(PageLayout.CRC_OFFSET, crc);
        return true;
    }

    /**
     * @param segmentNumber a segment.
     * @return whether a run of that segment was mapped for writing, so that its file needs forcing.
     */
    public boolean hasMapped(final int segmentNumber)
    {
        return files.containsKey(segmentNumber);
    }

    /**
     * Forces every segment file this process mapped runs of, so that counter updates reach the disk.
     *
     * @throws IOException if a force fails.
     */
    public void force() throws IOException
    {
        for (final StoreFile file : files.values())
        {
            file.force();
        }
    }

    private StoreFile fileOf(final Segment segment) throws IOException
    {
        StoreFile file = files.get(segment.number());
        if (file == null)
        {
            synchronized (files)
            {
                file = files.get(segment.number());
                if (file == null)
                {
                    file = io.open(segment.path(), false);
                    files.put(segment.number(), file);
                }
            }
        }
        return file;
    }

    /** Closes the files; mappings stay valid until collected. */
    @Override
    public void close() throws IOException
    {
        IOException failure = null;
        for (final StoreFile file : files.values())
        {
            try
            {
                file.close();
            }
            catch (final IOException ex)
            {
                failure = failure == null ? ex : failure;
            }
        }
        files.clear();
        runs.clear();
        if (failure != null)
        {
            throw failure;
        }
    }
}
