package io.pagekv.txn;

import io.pagekv.ipc.ReaderTable;
import io.pagekv.page.Segment;
import io.pagekv.page.SegmentTable;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Segments that compaction took out of the log but that snapshots may still reach: each batch
 * waits until no snapshot older than the commit that made it unreachable is open, in this
 * process or (for the writer) in any live process registered in the shared {@link ReaderTable}.
 * Then its segments are retired: taken out of page lookups, their files closed and deleted.
 * Files below the log's first segment that an earlier writer left (it closed, or died, while
 * they waited) are a batch of their own. A point read
 * holds no snapshot and needs no wait: a segment number is never used again and a retired
 * segment's mapping stays valid, so such a read either finds the segment it needs, or finds it
 * gone and reads the newer head (see {@code Snapshot.copyOfHead}).
 *
 * <p>Thread-safe.
 */
final class Retirements
{
    /**
     * Segments to retire, whether their files may be kept as spares, and (when not
     * {@link #NO_FILES}) the unmapped files below a number.
     */
    private record Batch(List<Segment> segments, boolean reusable, int filesBelow, long fenceTxn)
    {
    }

    private static final int NO_FILES = -1;

    private final SegmentTable segments;
    private final OpenReaders readers;
    private final ReaderTable otherProcesses;
    private final ArrayDeque<Batch> pending = new ArrayDeque<>();

    /**
     * @param segments       the store's segments.
     * @param readers        this process's readers.
     * @param otherProcesses the shared reader table when this process writes the store (other
     *                       processes read it), else null.
     */
    Retirements(final SegmentTable segments, final OpenReaders readers, final ReaderTable otherProcesses)
    {
        this.segments = segments;
        this.readers = readers;
        this.otherProcesses = otherProcesses;
    }

    /**
     * Deletes the files below the log's first segment that an earlier writer left, now if no
     * reader of another process can reach them, else once none can.
     *
     * @param firstSegment the log's first segment.
     * @param fenceTxn     the first commit that reaches none of them (the head at open).
     * @throws IOException if a file cannot be deleted.
     */
    synchronized void scheduleFilesBelow(final int firstSegment, final long fenceTxn) throws IOException
    {
        pending.add(new Batch(List.of(), false, firstSegment, fenceTxn));
        retireReady();
    }

    /**
     * @param victims  the segments to retire, none of them scheduled before.
     * @param fenceTxn the first commit that reaches none of them.
     * @param reusable whether their files may be kept as spares for new segments.
     * @return how many were scheduled.
     */
    private synchronized int schedule(final List<Segment> victims, final long fenceTxn, final boolean reusable)
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
            pending.add(new Batch(List.copyOf(victims), reusable, NO_FILES, fenceTxn));
        }
        return victims.size();
    }

    /**
     * Schedules the mapped segments numbered from {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @param from     the first segment.
     * @param to       the segment after the last.
     * @param fenceTxn the first commit that reaches none of them.
     * @param reusable whether their files may be kept as spares for new segments.
     * @return how many were scheduled.
     */
    synchronized int scheduleBetween(final int from, final int to, final long fenceTxn, final boolean reusable)
    {
        final List<Segment> found = new ArrayList<>();
        for (final Segment segment : segments.pages().all())
        {
            if (segment.number() >= from && segment.number() < to)
            {
                found.add(segment);
            }
        }
        return schedule(found, fenceTxn, reusable);
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
            if (!readers.noneOlderThan(batch.fenceTxn()) ||
                otherProcesses != null && !otherProcesses.noneOlderThan(batch.fenceTxn()))
            {
                break;
            }
            pending.poll();
            for (final Segment segment : batch.segments())
            {
                segments.retire(segment, true, batch.reusable());
                retired++;
            }
            if (batch.filesBelow() != NO_FILES)
            {
                retired += segments.deleteFilesBelow(batch.filesBelow());
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
