package io.pagekv.txn;

import io.pagekv.format.OverflowLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PatchRecordLayout;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import org.agrona.collections.LongHashSet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Settles, at a writable open, the patch records the log holds after the checkpoint, so that the
 * caller can checkpoint and never need them again. Which bytes it writes in place again depends
 * on what the stop can have lost (decision 62):
 *
 * <ul>
 *   <li>After a stop in this boot of the machine (a process crash), the page cache still holds
 *   every in-place write, and a counter may have changed patched bytes since. Only the records
 *   whose in-place write was cut (named in their stripe, {@link InPlaceRuns#cutPatchRecords})
 *   are written again; writing the others would undo those counter updates.</li>
 *   <li>After a reboot (a power loss or a kernel crash), or when that is unknown, the disk may
 *   hold any record's run from before its patch: every record is written again, in log order.</li>
 * </ul>
 *
 * Each run written is then resealed (its checksum recomputed) with its stripe held, and every
 * patched run's file is forced, since the checkpoint that follows drops the records.
 *
 * <p>A record whose target is no patchable run of this store any more (its segment was
 * retired) is skipped: nothing can read that run.
 */
final class PatchReplay
{
    private static final System.Logger LOGGER = System.getLogger("io.pagekv");

    private PatchReplay()
    {
    }

    /** One record found by the walk. */
    private record Found(Segment segment, int pageIndex)
    {
        long recordId()
        {
            return PageAddress.of(segment.number(), pageIndex);
        }
    }

    /** What one record writes, and where. */
    private record Patch(Segment target, long runId, long position, ByteBuffer bytes)
    {
    }

    /**
     * @param reader          the log reader.
     * @param pages           the page store.
     * @param checkpointed    the checkpointed commit.
     * @param runs            the in-place access to runs, for their stripes.
     * @param changedInPlace  whether the run locks' file existed at open
     *                        ({@link InPlaceRuns#anyChangedInPlace}): only then can it name cut records.
     * @param pageCacheIntact whether the last writer stopped in this boot, so that its in-place
     *                        writes are all in the page cache but for cut ones.
     * @return how many patch records follow the checkpoint.
     * @throws IOException if a write or force fails.
     */
    static int run(
        final LogReader reader, final PageStore pages, final CommitState checkpointed, final InPlaceRuns runs, final boolean changedInPlace,
        final boolean pageCacheIntact)
        throws IOException
    {
        final List<Found> found = new ArrayList<>();
        final LogReader.PatchVisitor visitor = (segment, pageIndex) -> found.add(new Found(segment, pageIndex));
        CommitState state = checkpointed;
        while (state != null)
        {
            state = reader.next(state, visitor);
        }
        final LongHashSet cut = new LongHashSet();
        if (changedInPlace)
        {
            cut.addAll(runs.cutPatchRecords());
        }
        final Set<Long> touched = new LinkedHashSet<>();
        final Set<Segment> patched = new LinkedHashSet<>();
        for (final Found record : found)
        {
            final Patch patch = read(pages, record);
            if (patch != null)
            {
                patched.add(patch.target());
                if (!pageCacheIntact || cut.contains(record.recordId()))
                {
                    patch.target().file().write(patch.position(), patch.bytes());
                    touched.add(patch.runId());
                }
            }
        }
        for (final long runId : touched)
        {
            runs.lockForChange(runId);
            try
            {
                runs.reseal(runId);
            }
            finally
            {
                runs.unlock(runId);
            }
        }
        for (final Segment segment : patched)
        {
            segment.file().force();
        }
        if (changedInPlace)
        {
            runs.forgetCutPatchRecords();
        }
        return found.size();
    }

    private static Patch read(final PageStore pages, final Found record)
    {
        final Segment log = record.segment();
        final int at = log.offset(record.pageIndex());
        final long runId = PatchRecordLayout.target(log.buffer(), at);
        final int valueOffset = PatchRecordLayout.valueOffset(log.buffer(), at);
        final int length = PatchRecordLayout.length(log.buffer(), at);
        final Segment segment = pages.find(PageAddress.segment(runId));
        final int index = PageAddress.pageIndex(runId);
        if (segment == null || index <= 0 || index >= segment.capacityPages())
        {
            return null;
        }
        final int run = segment.offset(index);
        if (!PageLayout.isPatchableRun(segment.buffer(), run) || PageLayout.pageId(segment.buffer(), run) != runId ||
            valueOffset < 0 || (long)valueOffset + length > PageLayout.aux2(segment.buffer(), run))
        {
            LOGGER.log(System.Logger.Level.WARNING, "patch record " + PageAddress.toString(record.recordId()) + " of " + log.path() +
                " names " + PageAddress.toString(runId) + ", which holds no patchable value it fits; skipped");
            return null;
        }
        final ByteBuffer bytes = log.buffer().byteBuffer().duplicate();
        bytes.limit(at + PatchRecordLayout.BYTES_OFFSET + length).position(at + PatchRecordLayout.BYTES_OFFSET);
        return new Patch(segment, runId, (long)run + OverflowLayout.VALUE_OFFSET + valueOffset, bytes);
    }
}
