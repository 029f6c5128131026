package io.pagekv.txn;

import io.pagekv.format.PageAddress;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a writable open repairs before anything is built on the recovered log: the commits found
 * after the checkpoint are made durable. They may exist only in the page cache: the process that
 * wrote them may have died before forcing, or its force failed, and after a failed fsync the
 * kernel can keep the pages marked clean so that no later force writes them (PostgreSQL's
 * "fsyncgate"). Writing the same bytes again makes them dirty; a force and a checkpoint then make
 * them durable. The header page of every segment created after the checkpoint is written again
 * too: it was written in the same window, and a header that never reached the disk would leave
 * the commits after it unreadable. A torn rewrite leaves each sector as it was or as it should
 * be, so it is safe at any moment.
 */
final class TailRepair
{
    private TailRepair()
    {
    }

    /**
     * Rewrites and forces the commits after {@code checkpointed} up to {@code head}, with the
     * headers of the segments created after it.
     *
     * @param reader       the log reader.
     * @param pages        the page store.
     * @param checkpointed the checkpointed commit recovery started from.
     * @param head         the last valid commit recovery found.
     * @return whether anything was rewritten (then the caller checkpoints).
     * @throws IOException if a write or force fails.
     */
    static boolean makeDurable(final LogReader reader, final PageStore pages, final CommitState checkpointed, final CommitState head)
        throws IOException
    {
        final Set<Segment> written = new LinkedHashSet<>();
        CommitState state = checkpointed;
        while (state.txnId() < head.txnId())
        {
            final CommitState next = reader.next(state);
            final Segment segment = pages.find(next.segment());
            final int from = segment.offset(PageAddress.pageIndex(next.recordId()));
            final ByteBuffer bytes = segment.buffer().byteBuffer().duplicate();
            bytes.limit(segment.offset(next.nextPageIndex())).position(from);
            segment.file().write(from, bytes);
            written.add(segment);
            state = next;
        }
        for (final Segment segment : written)
        {
            if (segment.number() > checkpointed.segment())
            {
                // Created after the checkpoint: its header page was written in the same window
                // as the commits, and a failed force may have dropped it with them.
                final ByteBuffer header = segment.buffer().byteBuffer().duplicate();
                header.limit(segment.offset(1)).position(segment.offset(0));
                segment.file().write(0, header);
            }
            segment.file().force();
        }
        return !written.isEmpty();
    }
}
