package io.pagekv.txn;

import io.pagekv.page.Segment;
import io.pagekv.page.SegmentTable;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Segments that compaction took out of the log but that readers may still reach: each batch
 * waits until no snapshot older than the commit that made it unreachable is open, and until a
 * grace period has passed since that commit was published (a point read holds no snapshot; it
 * runs for microseconds on the head it read). Then its segments are retired: taken out of page
 * lookups, their files closed and deleted.
 *
 * <p>Thread-safe.
 */
final class Retirements
{
    private record Batch(List<Segment> segments, long fenceTxn, long publishedNanos)
    {
    }

    private final SegmentTable segments;
    private final OpenReaders readers;
    private final long graceNanos;
    private final ArrayDeque<Batch> pending = new ArrayDeque<>();
    private long segmentsRetired;

    Retirements(final SegmentTable segments, final OpenReaders readers, final long graceNanos)
    {
        this.segments = segments;
        this.readers = readers;
        this.graceNanos = graceNanos;
    }

    /**
     * @param victims  the segments to retire, none of them scheduled before.
     * @param fenceTxn the first commit that reaches none of them.
     * @return how many were scheduled.
     */
    synchronized int schedule(final List<Segment> victims, final long fenceTxn)
    {
        for (final Batch batch : pending)
        {
            for (final Segment segment : victims)
            {
                if (batch.segments().contains(segment))
                {
                    throw new IllegalStateException("segment " + segment.number() + " is already scheduled for retirement");
                }
            }
        }
        if (!victims.isEmpty())
        {
            pending.add(new Batch(List.copyOf(victims), fenceTxn, System.nanoTime()));
        }
        return victims.size();
    }

    /**
     * Retires every batch whose readers are gone and whose grace period has passed.
     *
     * @return segments retired by this call.
     * @throws IOException if a file cannot be closed or deleted.
     */
    synchronized int retireReady() throws IOException
    {
        int retired = 0;
        for (Batch batch = pending.peek(); batch != null; batch = pending.peek())
        {
            if (!readers.noneOlderThan(batch.fenceTxn()) || System.nanoTime() - batch.publishedNanos() < graceNanos)
            {
                break;
            }
            pending.poll();
            for (final Segment segment : batch.segments())
            {
                segments.retire(segment, true);
                retired++;
            }
        }
        segmentsRetired += retired;
        return retired;
    }

    /**
     * @return segments scheduled and not yet retired.
     */
    synchronized int pendingSegments()
    {
        return pending.stream().mapToInt(b -> b.segments().size()).sum();
    }

    /**
     * @return segments retired since open.
     */
    synchronized long retired()
    {
        return segmentsRetired;
    }
}
