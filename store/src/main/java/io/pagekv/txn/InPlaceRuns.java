package io.pagekv.txn;

import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.io.ErrorMapper;
import io.pagekv.io.FileIO;
import io.pagekv.ipc.RunLocks;
import io.pagekv.page.PageStore;
import io.pagekv.page.RunGuard;
import io.pagekv.page.RunMappings;
import io.pagekv.page.Segment;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one owner of in-place access to patchable runs in this process: their stripe locks
 * ({@link RunLocks}, shared with other processes), their read-write mappings
 * ({@link RunMappings}), and the repair of a run whose changer died mid-change (its checksum
 * recomputed, with the stripe held). It is also the {@link RunGuard} that checksum checks of
 * patchable runs take, so a check never reads a run between a change of its bytes and of its
 * checksum.
 *
 * <p>Thread-safe.
 */
public final class InPlaceRuns implements RunGuard, Closeable
{
    private static final System.Logger LOGGER = System.getLogger("io.pagekv");

    private final Path dir;
    private final RunLocks locks;
    private final RunMappings mappings;
    private final RunLocks.Resealer resealer = this::resealLeftBehind;
    private final PageStore pages;
    /** Whether this process is in the table of changers; guarded by {@code this}. */
    private volatile boolean joined;
    /** Runs this process has put in the registry of changed runs. */
    private final Set<Long> registered = ConcurrentHashMap.newKeySet();

    /**
     * @param dir   the store directory.
     * @param io    the file seam.
     * @param pages the page store.
     */
    public InPlaceRuns(final Path dir, final FileIO io, final PageStore pages)
    {
        this.dir = dir;
        this.pages = pages;
        this.locks = new RunLocks(dir, io);
        this.mappings = new RunMappings(pages, io);
    }

    /**
     * Takes the stripe of a run to change it, creating the lock file on first use.
     *
     * @param runId the run.
     * @throws io.pagekv.StoreIOException if the lock file cannot be opened.
     */
    public void lockForChange(final long runId)
    {
        try
        {
            if (!joined)
            {
                joinChangers();
            }
            if (!registered.contains(runId))
            {
                if (!locks.register(runId))
                {
                    LOGGER.log(System.Logger.Level.WARNING, "the registry of changed runs of " + dir + " is full: after a power " +
                        "loss, run " + PageAddress.toString(runId) + " may need `verify` and a rewrite");
                }
                registered.add(runId);
            }
            locks.lock(runId, true, resealer);
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot open the run locks of " + dir, ex);
        }
    }

    /**
     * @param runId a run whose stripe this thread holds.
     */
    public void unlock(final long runId)
    {
        locks.unlock(runId);
    }

    /**
     * @param runId a patchable run.
     * @return the run mapped read-write, header included.
     * @throws io.pagekv.StoreIOException if it cannot be mapped.
     */
    public UnsafeBuffer map(final long runId)
    {
        try
        {
            return mappings.map(runId);
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot map patchable run " + PageAddress.toString(runId) + " of " + dir, ex);
        }
    }

    /**
     * Names the patch record whose bytes this thread, holding the run's stripe, writes in place
     * now ({@link RunLocks#writingInPlace}).
     *
     * @param runId    the patched run.
     * @param recordId the record's page id.
     */
    public void writingInPlace(final long runId, final long recordId)
    {
        locks.writingInPlace(runId, recordId);
    }

    /**
     * @param runId the patched run, whose stripe this thread holds: the patch is wholly written.
     */
    public void writtenInPlace(final long runId)
    {
        locks.writtenInPlace(runId);
    }

    /**
     * @return whether any process ever changed a run in place in this store: the run locks' file
     * exists ({@link RunLocks#fileExists}). Until then no holder can have died, no changer
     * stopped, and no in-place write been cut.
     */
    public boolean anyChangedInPlace()
    {
        return locks.fileExists();
    }

    /**
     * @return the patch records whose in-place writes were cut ({@link RunLocks#cutPatchRecords}).
     * @throws IOException if the lock file exists but cannot be mapped.
     */
    public LongArrayList cutPatchRecords() throws IOException
    {
        return locks.cutPatchRecords();
    }

    /**
     * Clears the names of cut patch records, once they are written again.
     *
     * @throws IOException if the lock file exists but cannot be mapped.
     */
    public void forgetCutPatchRecords() throws IOException
    {
        locks.forgetCutPatchRecords();
    }

    /**
     * Reseals the runs of stripes whose holders died: for the writer at open.
     *
     * @return how many runs were resealed.
     * @throws IOException if the lock file cannot be mapped.
     */
    public int settleDeadHolders() throws IOException
    {
        return locks.settleDeadHolders(resealer);
    }

    /**
     * After an unclean stop of a process that changed runs in place (a changer that no longer
     * runs is in the lock file's table), reseals every run ever changed in place that is still in
     * the store, each under its stripe: for the writer at open, because after a power loss the
     * disk may hold a run's pages from different moments (a counter's page newer than the
     * checksum's). A run whose checksum was wrong is logged. After clean stops nothing is
     * resealed, so a bit flip in a run is reported, never sealed over.
     *
     * @return whether runs were resealed.
     * @throws IOException if the lock file cannot be mapped.
     */
    public boolean resealAfterUncleanStop() throws IOException
    {
        if (!locks.clearStoppedChangers())
        {
            return false;
        }
        locks.resealRegistered(resealer, this::isPatchableRun);
        return true;
    }

    private synchronized void joinChangers() throws IOException
    {
        if (!joined)
        {
            if (!locks.joinChangers())
            {
                LOGGER.log(System.Logger.Level.WARNING, "the table of processes changing runs of " + dir + " is full");
            }
            joined = true;
        }
    }

    private boolean isPatchableRun(final long runId)
    {
        final Segment segment = pages.find(PageAddress.segment(runId));
        final int index = PageAddress.pageIndex(runId);
        if (segment == null || index <= 0 || index >= segment.capacityPages())
        {
            return false;
        }
        final int offset = segment.offset(index);
        return PageLayout.isPatchableRun(segment.buffer(), offset) &&
            PageLayout.pageId(segment.buffer(), offset) == runId;
    }

    /**
     * Recomputes a run's checksum, with its stripe held by the caller.
     *
     * @param runId the run.
     * @return whether it was wrong.
     */
    public boolean reseal(final long runId)
    {
        try
        {
            return mappings.reseal(runId);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param segmentNumber a segment.
     * @return whether this process mapped a run of that segment for changes in place: then it
     * may write to the file through that mapping still, so the file must never be reused.
     */
    public boolean hasMapped(final int segmentNumber)
    {
        return mappings.hasMapped(segmentNumber);
    }

    /**
     * Forces the segment files of runs this process changed through its mappings.
     *
     * @throws IOException if a force fails.
     */
    public void force() throws IOException
    {
        mappings.force();
    }

    @Override
    public boolean acquire(final long runId)
    {
        try
        {
            return locks.lock(runId, false, resealer);
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot open the run locks of " + dir, ex);
        }
    }

    @Override
    public void release(final long runId)
    {
        locks.unlock(runId);
    }

    private void resealLeftBehind(final long runId)
    {
        try
        {
            if (mappings.reseal(runId))
            {
                LOGGER.log(System.Logger.Level.WARNING, "patchable run " + PageAddress.toString(runId) + " of " + dir +
                    " was left mid-change by a process that died, or half-written by a power loss; its checksum was " +
                    "recomputed from its bytes");
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // A run that is gone (its segment retired) or no longer patchable needs no seal.
            LOGGER.log(System.Logger.Level.DEBUG, "run " + PageAddress.toString(runId) + " left by a dead process was not resealed: " + ex);
        }
    }

    /** Forces what this process changed through its mappings, then closes the files. */
    @Override
    public void close() throws IOException
    {
        try
        {
            mappings.force();
            mappings.close();
            if (joined)
            {
                locks.leaveChangers();
            }
        }
        finally
        {
            locks.close();
        }
    }
}
