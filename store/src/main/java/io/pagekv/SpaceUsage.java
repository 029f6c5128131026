package io.pagekv;

import java.util.List;

/**
 * How a store uses its disk: per segment file, its bytes, its pages and how many of them the
 * latest commit still reaches; in all, the space amplification (segment bytes over live page
 * bytes) that automatic compaction ({@link CompactionPolicy}) keeps bounded. From
 * {@link Store#spaceUsage()}.
 *
 * <p>The segment files are the store's log; its other files ({@code meta}, {@code lock}) have a
 * fixed size and are not counted here. A segment file is created at its full length (sparse where
 * the file system allows), so a store much smaller than one segment shows a large amplification
 * however compact it is: {@link #writtenPages()} says how much of the files the log has reached.
 *
 * @param source                    where the live page counts come from.
 * @param txnId                     the commit whose live pages are counted.
 * @param pageSize                  bytes per page.
 * @param segments the segment files in the store's directory, in ascending order, those
 *                 retired and waiting for readers, and the spares, among them.
 */
public record SpaceUsage(Source source, long txnId, int pageSize, List<SegmentSpace> segments)
{
    /** Where the live page counts come from. */
    public enum Source
    {
        /** The writer's live page counts, kept up to date at every commit: no walk of the tree. */
        ACCOUNTING,
        /**
         * A walk of the commit's tree: a read-only store, a writer with compaction off, or one
         * whose counts are not known yet (an open takes them from the last checkpoint when it
         * recorded them, else the first compaction check after a commit counts them).
         */
        SCAN
    }

    /**
     * One segment file.
     *
     * @param number        the segment number.
     * @param file          the file's name, {@code seg-NNNNNN}.
     * @param fileBytes     the file's length (segment files are created whole and may be sparse).
     * @param capacityPages pages the file holds, its header page included.
     * @param writtenPages  pages up to the log's tail: all of a segment before the head's, the
     *                      head's segment up to the end of the last commit, the header of one after it.
     * @param livePages     pages the commit still reaches: tree pages, overflow pages, its commit record.
     * @param retired       whether the file lies below the log's first segment: compaction retired
     *                      it, and it waits for older snapshots (in the writer's process, or of a
     *                      process registered in the reader table) to close; the writer deletes it
     *                      at a commit after that. Nothing live lies in it.
     * @param spare         whether the file is a spare: retired, no reader left, and kept for
     *                      the next segment the log needs, whose file it becomes (at most four,
     *                      holding no more than twice the bytes of the live pages, are kept by
     *                      automatic compaction; {@link Store#compact()} and the close delete them). Nothing
     *                      live lies in it, and it is not {@code retired}.
     */
    public record SegmentSpace(
        int number, String file, long fileBytes, long capacityPages, long writtenPages, long livePages, boolean retired, boolean spare)
    {
        /**
         * @return live pages over written pages, in [0, 1]: what compaction would have to move
         * to free this segment; 0 when nothing is written.
         */
        public double liveRatio()
        {
            return writtenPages == 0 ? 0 : (double)livePages / writtenPages;
        }
    }

    /**
     * @param source   where the live page counts come from.
     * @param txnId    the commit whose live pages are counted.
     * @param pageSize bytes per page.
     * @param segments the segment files.
     */
    public SpaceUsage
    {
        segments = List.copyOf(segments);
    }

    /** @return segment files that compaction retired and that wait for readers. */
    public int segmentsWaitingForReaders()
    {
        return (int)segments.stream().filter(SegmentSpace::retired).count();
    }

    /** @return spare segment files, kept to become the log's next segments. */
    public int spareSegments()
    {
        return (int)segments.stream().filter(SegmentSpace::spare).count();
    }

    /** @return the bytes of the segment files, the spares' included. */
    public long diskBytes()
    {
        return segments.stream().mapToLong(SegmentSpace::fileBytes).sum();
    }

    /** @return pages up to the log's tail in all segments, live or not. */
    public long writtenPages()
    {
        return segments.stream().mapToLong(SegmentSpace::writtenPages).sum();
    }

    /** @return pages the commit reaches, in all segments. */
    public long livePages()
    {
        return segments.stream().mapToLong(SegmentSpace::livePages).sum();
    }

    /** @return the bytes of the live pages. */
    public long liveBytes()
    {
        return livePages() * pageSize;
    }

    /**
     * @return disk bytes over live page bytes: 1 for a store whose files hold nothing but live
     * pages; infinite when nothing is live (a store has at least its commit record live).
     */
    public double spaceAmplification()
    {
        final long live = liveBytes();
        return live == 0 ? Double.POSITIVE_INFINITY : (double)diskBytes() / live;
    }
}
