package io.pagekv.page;

import io.pagekv.CorruptStoreException;
import io.pagekv.format.PageAddress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Resolves page ids to mapped segments. The writer adds segments; readers on any thread look
 * them up.
 *
 * <p>Thread-safety: {@link #segments} is replaced, never changed, and published through a
 * volatile write; a reader that saw a commit naming a page also sees its segment, because the
 * commit is published after the segment.
 */
public final class PageStore
{
    private final Path dir;
    private final int pageSize;
    private volatile Segment[] segments = new Segment[0];
    private volatile RunGuard guard;
    private volatile IntConsumer leaving = number -> { };

    /**
     * @param dir      the store directory, for messages.
     * @param pageSize the store's page size.
     */
    public PageStore(final Path dir, final int pageSize)
    {
        this.dir = dir;
        this.pageSize = pageSize;
    }

    /**
     * @return the store directory.
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * @return the page size.
     */
    public int pageSize()
    {
        return pageSize;
    }

    /**
     * Installs the guard that checks of patchable runs take, in every segment mapped now and later.
     *
     * @param runGuard the guard.
     */
    public synchronized void guardRuns(final RunGuard runGuard)
    {
        guard = runGuard;
        for (final Segment segment : segments)
        {
            if (segment != null)
            {
                segment.guardRuns(runGuard);
            }
        }
    }

    /**
     * Adds or replaces a segment. Called by the {@link SegmentTable} only.
     *
     * @param segment the mapped segment.
     */
    void add(final Segment segment)
    {
        addAll(List.of(segment));
    }

    /**
     * Adds or replaces segments with one copy of the table (which is indexed by segment number,
     * so a copy per segment made an open of a long log quadratic). Called by the
     * {@link SegmentTable} only.
     *
     * @param added the segments.
     */
    synchronized void addAll(final List<Segment> added)
    {
        int highest = -1;
        for (final Segment segment : added)
        {
            segment.guardRuns(guard);
            highest = Math.max(highest, segment.number());
        }
        final Segment[] current = segments;
        final Segment[] next = highest >= current.length ?
            Arrays.copyOf(current, Math.max(highest + 1, current.length * 2)) : current.clone();
        for (final Segment segment : added)
        {
            next[segment.number()] = segment;
        }
        segments = next;
        for (final Segment segment : added)
        {
            final Segment replaced = segment.number() < current.length ? current[segment.number()] : null;
            if (replaced != null && replaced != segment)
            {
                leaving.accept(segment.number());
            }
        }
    }

    /**
     * Removes a segment, if it is the one given. Writer thread (or open) only.
     *
     * @param segment the segment to remove.
     */
    void remove(final Segment segment)
    {
        removeAll(List.of(segment));
    }

    /**
     * Removes segments, each if it is the one given, with one copy of the table. Writer thread (or
     * open, or close) only.
     *
     * @param removed the segments to remove.
     */
    synchronized void removeAll(final List<Segment> removed)
    {
        final Segment[] current = segments;
        final Segment[] next = current.clone();
        final List<Segment> gone = new ArrayList<>(removed.size());
        for (final Segment segment : removed)
        {
            if (segment.number() < current.length && current[segment.number()] == segment)
            {
                next[segment.number()] = null;
                gone.add(segment);
            }
        }
        if (!gone.isEmpty())
        {
            segments = next;
            for (final Segment segment : gone)
            {
                leaving.accept(segment.number());
            }
        }
    }

    /**
     * Sets who is told the number of each segment that leaves the store (retired, or replaced by
     * a new file of the same number), after it left: the read cache drops what it read there.
     *
     * @param listener the listener; replaces the previous one.
     */
    public void onSegmentLeaving(final IntConsumer listener)
    {
        leaving = listener;
    }

    /**
     * @param number a segment number.
     * @return the segment, or null if the store has none of that number.
     */
    public Segment find(final int number)
    {
        final Segment[] current = segments;
        return number >= 0 && number < current.length ? current[number] : null;
    }

    /**
     * @param pageId a page id.
     * @return the segment holding it.
     * @throws CorruptStoreException if no such segment exists (a dangling reference).
     */
    public Segment segment(final long pageId)
    {
        final int number = PageAddress.segment(pageId);
        final Segment segment = find(number);
        if (segment == null)
        {
            throw new CorruptStoreException(SegmentFiles.path(dir, number), PageAddress.pageIndex(pageId),
                CorruptStoreException.UNKNOWN, "page " + PageAddress.toString(pageId) + " is referenced but its segment does not exist");
        }
        return segment;
    }

    /**
     * @return the segments in ascending order.
     */
    public Segment[] all()
    {
        final Segment[] table = segments;
        int count = 0;
        for (final Segment segment : table)
        {
            if (segment != null)
            {
                count++;
            }
        }
        final Segment[] all = new Segment[count];
        int i = 0;
        for (final Segment segment : table)
        {
            if (segment != null)
            {
                all[i++] = segment;
            }
        }
        return all;
    }
}
