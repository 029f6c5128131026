package io.pagekv.txn;

import io.pagekv.btree.TreeCursor;
import io.pagekv.format.CommitLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.format.Checksums;
import io.pagekv.page.Segment;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Decodes and validates commit records in place. Validation never throws: a record that fails
 * a check simply ends the log there.
 */
public final class CommitReader
{
    private CommitReader()
    {
    }

    /**
     * Reads the record at {@code pageIndex} of {@code segment} if it is a valid successor of
     * {@code previous}: right type, own id, checksum, next txn id, chained to the previous record
     * by id and CRC, and a body that is inside the segment and matches its CRC.
     *
     * @param segment   the segment.
     * @param pageIndex where the record should be.
     * @param previous  the commit it must follow.
     * @return the commit, or null if no valid successor is there.
     */
    public static CommitState successor(final Segment segment, final int pageIndex, final CommitState previous)
    {
        final CommitState state = record(segment, pageIndex);
        if (state == null || state.txnId() != previous.txnId() + 1)
        {
            return null;
        }
        final UnsafeBuffer buffer = segment.buffer();
        final int offset = segment.offset(pageIndex);
        if (CommitLayout.previous(buffer, offset) != previous.recordId() ||
            CommitLayout.previousCrc(buffer, offset) != previous.recordCrc())
        {
            return null;
        }
        final int pageSize = segment.offset(1);
        final CRC32C crc = new CRC32C();
        Checksums.update(crc, buffer, offset + pageSize, state.bodyPages() * pageSize);
        return (int)crc.getValue() == PageLayout.aux2(buffer, offset) ? state : null;
    }

    /**
     * Reads a record's fields after checking its type, own id, checksum and that its body lies
     * inside the segment; the body itself is not checked.
     *
     * @param segment   the segment.
     * @param pageIndex the record's page index.
     * @return the commit, or null if the page is not a valid record.
     */
    public static CommitState record(final Segment segment, final int pageIndex)
    {
        if (pageIndex < 1 || pageIndex >= segment.capacityPages())
        {
            return null;
        }
        return decode(segment, pageIndex, segment.buffer(), segment.offset(pageIndex));
    }

    /**
     * As {@link #record}, reading the page with a positional read instead of through the
     * mapping: for the checkpointed commit's record, which an open reads once and nothing reads
     * through the mapping afterwards (the first touch of a page through a new mapping costs a
     * page fault, decision 70). A file that ends before the page's end holds no valid record there.
     *
     * @param segment   the segment.
     * @param pageIndex the record's page index.
     * @return the commit, or null if the page is not a valid record.
     * @throws IOException if the read fails.
     */
    public static CommitState readRecord(final Segment segment, final int pageIndex) throws IOException
    {
        if (pageIndex < 1 || pageIndex >= segment.capacityPages())
        {
            return null;
        }
        final int pageSize = segment.offset(1);
        final ByteBuffer page = ByteBuffer.allocate(pageSize);
        segment.file().readFully(segment.offset(pageIndex), page);
        return page.hasRemaining() ? null : decode(segment, pageIndex, new UnsafeBuffer(page.array()), 0);
    }

    private static CommitState decode(final Segment segment, final int pageIndex, final DirectBuffer buffer, final int offset)
    {
        final int pageSize = segment.offset(1);
        final long recordId = PageAddress.of(segment.number(), pageIndex);
        if (PageLayout.type(buffer, offset) != PageType.COMMIT || PageLayout.pageId(buffer, offset) != recordId ||
            PageLayout.checksum(buffer, offset, pageSize) != PageLayout.crc(buffer, offset))
        {
            return null;
        }
        final int bodyPages = PageLayout.aux1(buffer, offset);
        if (bodyPages < 0 || bodyPages > segment.capacityPages() - pageIndex - 1)
        {
            return null;
        }
        final long root = CommitLayout.root(buffer, offset);
        final int depth = CommitLayout.depth(buffer, offset);
        if (depth < 0 || depth > TreeCursor.MAX_DEPTH || (root == PageAddress.NONE) != (depth == 0) ||
            CommitLayout.entryCount(buffer, offset) < 0)
        {
            return null;
        }
        return new CommitState(PageLayout.txnId(buffer, offset), recordId, PageLayout.crc(buffer, offset), bodyPages,
            root, depth, CommitLayout.entryCount(buffer, offset),
            CommitLayout.time(buffer, offset));
    }
}
