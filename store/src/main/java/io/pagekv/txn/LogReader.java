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
 * same for every record type, so positioning lives here once and each type has its decoder. The
 * log holds commit records (type 4, {@link CommitReader}) and patch records (type 7,
 * {@link PatchReader}), which a walk steps over and hands to a {@link PatchVisitor}. Accounting
 * records (type 8) are reserved: this build ends the log at one, which is what a reader must do
 * with a type it does not know.
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

    /** Told of each valid patch record a walk steps over, in log order. */
    @FunctionalInterface
    public interface PatchVisitor
    {
        /**
         * @param segment   the segment holding the record.
         * @param pageIndex the record's page index.
         */
        void patch(Segment segment, int pageIndex);
    }

    /**
     * @param state a valid commit.
     * @return the commit that validly follows it, or null at the end of the log.
     * @throws IOException if a segment cannot be read.
     */
    public CommitState next(final CommitState state) throws IOException
    {
        return walk(state, null, null);
    }

    /**
     * As {@link #next(CommitState)}, telling {@code patches} of the patch records stepped over,
     * also those after the last commit when it returns null.
     *
     * @param state   a valid commit.
     * @param patches told of each patch record between {@code state} and the next commit.
     * @return the next commit, or null at the end of the log.
     * @throws IOException if a segment cannot be read.
     */
    public CommitState next(final CommitState state, final PatchVisitor patches) throws IOException
    {
        return walk(state, patches, null);
    }

    /**
     * @param head the last commit.
     * @return where the log's next record goes: right after the patch records that follow
     * {@code head}, as the page id of that place (its index may equal the segment's capacity).
     * @throws IOException if a segment cannot be read.
     */
    public long end(final CommitState head) throws IOException
    {
        final long[] end = {PageAddress.of(head.segment(), head.nextPageIndex())};
        walk(head, null, end);
        return end[0];
    }

    private CommitState walk(final CommitState state, final PatchVisitor patches, final long[] end) throws IOException
    {
        int number = state.segment();
        Segment segment = segments.pages().find(number);
        int index = state.nextPageIndex();
        boolean moved = false;
        while (true)
        {
            if (segment != null && index >= 1 && index < segment.capacityPages())
            {
                final int type = PageLayout.type(segment.buffer(), segment.offset(index));
                if (type == PageType.COMMIT)
                {
                    final CommitState successor = CommitReader.successor(segment, index, state);
                    if (successor != null)
                    {
                        return successor;
                    }
                }
                else if (type == PageType.PATCH)
                {
                    final int pages = PatchReader.validAfter(segment, index, state);
                    if (pages > 0)
                    {
                        if (patches != null)
                        {
                            patches.patch(segment, index);
                        }
                        index += pages;
                        moved = false;
                        if (end != null)
                        {
                            end[0] = PageAddress.of(number, index);
                        }
                        continue;
                    }
                }
            }
            if (moved)
            {
                return null;
            }
            // The record did not fit where the last one ended: the rule puts it on page 1 of the next segment.
            number++;
            segment = following(number);
            if (segment == null)
            {
                return null;
            }
            index = 1;
            moved = true;
        }
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
