package io.pagekv.txn;

import io.pagekv.CorruptStoreException;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.page.Segment;
import io.pagekv.page.SegmentTable;

import java.io.IOException;

/**
 * The one reader of the log: recovery, the read-only refresh, the tail rewrite at open and
 * {@code verify} all find records through it.
 *
 * <p>Every log record is a page followed by a body of {@code aux1} pages; the next record lies
 * right after the body in the same segment, or on page 1 of the next segment. That rule is the
 * same for every record type, so positioning lives here once and each type has its decoder. In
 * format version 1 the log holds commit records (type 4, {@link CommitReader}). Patch records
 * (type 7) and accounting records (type 8) are reserved: this build refuses to read past one
 * (see {@link #next}), which is what a version-1 reader must do with a type it does not know.
 *
 * <p>Not thread-safe: the writer, or one refreshing reader at a time, uses it.
 */
public final class LogReader
{
    private final SegmentTable segments;
    private final boolean writable;

    /**
     * @param segments the segment table.
     * @param writable whether the store is open for writing (a writer owns every segment file;
     *                 a reader must map segments past its head afresh).
     */
    public LogReader(final SegmentTable segments, final boolean writable)
    {
        this.segments = segments;
        this.writable = writable;
    }

    /**
     * @param state a valid commit.
     * @return the commit that validly follows it, or null at the end of the log.
     * @throws IOException if a segment cannot be read.
     */
    public CommitState next(final CommitState state) throws IOException
    {
        final CommitState inSegment = successorAt(segments.pages().find(state.segment()), state.nextPageIndex(), state);
        if (inSegment != null)
        {
            return inSegment;
        }
        final Segment following = following(state.segment() + 1);
        return following == null ? null : successorAt(following, 1, state);
    }

    /**
     * @param state a valid commit.
     * @return the newest commit reached by following {@link #next} from it.
     * @throws IOException if a segment cannot be read.
     */
    public CommitState last(final CommitState state) throws IOException
    {
        CommitState head = state;
        for (CommitState next = next(head); next != null; next = next(head))
        {
            head = next;
        }
        return head;
    }

    /**
     * Reads a commit record where another record or the superblock says it is, checking the
     * record but not its body.
     *
     * @param recordId the record's page id.
     * @return the commit, or null if no valid commit record is there (or its segment is missing).
     */
    public CommitState commitAt(final long recordId)
    {
        final Segment segment = segments.pages().find(PageAddress.segment(recordId));
        return segment == null ? null : CommitReader.record(segment, PageAddress.pageIndex(recordId));
    }

    private static CommitState successorAt(final Segment segment, final int pageIndex, final CommitState previous)
    {
        if (segment == null || pageIndex < 1 || pageIndex >= segment.capacityPages())
        {
            return null;
        }
        final int type = PageLayout.type(segment.buffer(), segment.offset(pageIndex));
        // Patch (7) and accounting (8) records are reserved in version 1: nothing writes them,
        // so one found here is damage or a newer writer, and the log this build can read ends.
        return type == PageType.COMMIT ? CommitReader.successor(segment, pageIndex, previous) : null;
    }

    private Segment following(final int number) throws IOException
    {
        try
        {
            // A reader can map the next segment before any commit is in it, and the writer that
            // created it can die; a writer restarted since deletes that file and later creates a
            // new one of the same name. Until the walk enters a segment, a reader maps it afresh.
            return writable || segments.pages().find(number) == null ? segments.open(number) : segments.reopen(number);
        }
        catch (final CorruptStoreException ex)
        {
            // A segment past the last commit whose header never became durable holds nothing committed.
            return null;
        }
    }
}
