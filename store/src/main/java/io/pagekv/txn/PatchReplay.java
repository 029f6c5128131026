package io.pagekv.txn;

import io.pagekv.format.OverflowLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PatchRecordLayout;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Re-applies, at a writable open, every patch record the log holds after the checkpoint: the
 * bytes are written in place again (idempotent), each patched run's checksum is recomputed with
 * its stripe held, and the runs' files are forced. A patch whose in-place write a crash cut, or
 * tore, is so completed before any reader checks the run; the caller then checkpoints, so the
 * records are not needed again.
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
    }

    /**
     * @param reader       the log reader.
     * @param pages        the page store.
     * @param checkpointed the checkpointed commit.
     * @param runs         the in-place access to runs, for their stripes.
     * @return how many patch records were re-applied.
     * @throws IOException if a write or force fails.
     */
    static int run(final LogReader reader, final PageStore pages, final CommitState checkpointed, final InPlaceRuns runs)
        throws IOException
    {
        final List<Found> found = new ArrayList<>();
        final LogReader.PatchVisitor visitor = (segment, pageIndex) -> found.add(new Found(segment, pageIndex));
        CommitState state = checkpointed;
        while (state != null)
        {
            state = reader.next(state, visitor);
        }
        final Set<Long> touched = new LinkedHashSet<>();
        final Set<Segment> written = new LinkedHashSet<>();
        for (final Found record : found)
        {
            final Segment target = apply(pages, record);
            if (target != null)
            {
                touched.add(PatchRecordLayout.target(record.segment().buffer(), record.segment().offset(record.pageIndex())));
                written.add(target);
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
        for (final Segment segment : written)
        {
            segment.file().force();
        }
        return found.size();
    }

    private static Segment apply(final PageStore pages, final Found record) throws IOException
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
            LOGGER.log(System.Logger.Level.WARNING, "patch record " + PageAddress.toString(PageAddress.of(log.number(), record.pageIndex())) +
                " of " + log.path() + " names " + PageAddress.toString(runId) + ", which holds no patchable value it fits; skipped");
            return null;
        }
        final ByteBuffer bytes = log.buffer().byteBuffer().duplicate();
        bytes.limit(at + PatchRecordLayout.BYTES_OFFSET + length).position(at + PatchRecordLayout.BYTES_OFFSET);
        segment.file().write((long)run + OverflowLayout.VALUE_OFFSET + valueOffset, bytes);
        return segment;
    }
}
