package io.pagekv.txn;

import io.pagekv.page.Segment;
import io.pagekv.page.SegmentTable;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Segments that compaction took out of the log but that snapshots may still reach: each batch
 * waits until no snapshot older than the commit that made it unreachable is open. Then its
 * segments are retired: taken out of page lookups, their files closed and deleted. A point read
 * holds no snapshot and needs no wait: a segment number is never used again and a retired
 * segment's mapping stays valid, so such a read either finds the segment it needs, or finds it
 * gone and reads the newer head (see {@code Snapshot.copyOfHead}).
 *
 * <p>Thread-safe.
 */
final class Retirements
{
    private record Batch(List<Segment> segments, long fenceTxn)
    {
    }

    private final SegmentTable segments;
    private final OpenReaders readers;
    private final ArrayDeque<Batch> pending = new ArrayDeque<>();

    Retirements(final SegmentTable segments, final OpenReaders readers)
    {
        this.segments = segments;
        this.readers = readers;
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
            pending.add(new Batch(List.copyOf(victims), fenceTxn));
        }
        return victims.size();
    }

    /**
     * Schedules the mapped segments numbered from {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @param from     the first segment.
     * @param to       the segment after the last.
     * @param fenceTxn the first commit that reaches none of them.
     * @return how many were scheduled.
     */
    synchronized int scheduleBetween(final int from, final int to, final long fenceTxn)
    {
        final List<Segment> found = new ArrayList<>();
        for (final Segment segment : segments.pages().all())
        {
            if (segment.number() >= from && segment.number() < to)
            {
                found.add(segment);
            }
        }
        return schedule(found, fenceTxn);
    }

    /**
     * Retires every batch whose readers are gone.
     *
     * @return segments retired by this call.
     * @throws IOException if a file cannot be closed or deleted.
     */
    synchronized int retireReady() throws IOException
    {
        int retired = 0;
        for (Batch batch = pending.peek(); batch != null; batch = pending.peek())
        {
            if (!readers.noneOlderThan(batch.fenceTxn()))
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
        return retired;
    }

    /**
     * @return segments scheduled and not yet retired.
     */
    synchronized int pendingSegments()
    {
        return pending.stream().mapToInt(b -> b.segments().size()).sum();
    }
}
