package io.pagekv.page;

import io.pagekv.CorruptStoreException;
import io.pagekv.format.PageAddress;

import java.nio.file.Path;
import java.util.Arrays;

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
    synchronized void add(final Segment segment)
    {
        segment.guardRuns(guard);
        Segment[] current = segments;
        if (segment.number() >= current.length)
        {
            current = Arrays.copyOf(current, Math.max(segment.number() + 1, current.length * 2));
        }
        else
        {
            current = current.clone();
        }
        current[segment.number()] = segment;
        segments = current;
    }

    /**
     * Removes a segment, if it is the one given. Writer thread (or open) only.
     *
     * @param segment the segment to remove.
     */
    void remove(final Segment segment)
    {
        final Segment[] current = segments;
        if (segment.number() < current.length && current[segment.number()] == segment)
        {
            final Segment[] next = current.clone();
            next[segment.number()] = null;
            segments = next;
        }
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
        return Arrays.stream(segments).filter(s -> s != null).toArray(Segment[]::new);
    }
}
