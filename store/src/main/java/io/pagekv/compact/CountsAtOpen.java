package io.pagekv.compact;

import io.pagekv.txn.CommitState;
import io.pagekv.txn.LiveCounts;
import io.pagekv.txn.LogReader;
import io.pagekv.page.PageStore;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live pages per segment of the head at open, without a scan of the tree: the counts the
 * last checkpoint recorded, brought forward over each commit after it by {@link CommitDiff}.
 */
public final class CountsAtOpen
{
    private CountsAtOpen()
    {
    }

    /**
     * @param pages        the page store.
     * @param reader       the log.
     * @param checkpointed the checkpointed commit.
     * @param counts       the counts the checkpoint recorded for it.
     * @param head         the head; at or after {@code checkpointed}.
     * @return segment number → live pages at the head, or null if the counts are not those of
     * the checkpointed commit or the log from it does not lead to the head (history was cut).
     * @throws IOException if a commit record cannot be read.
     */
    public static Map<Integer, Long> bringForward(
        final PageStore pages, final LogReader reader, final CommitState checkpointed, final LiveCounts counts, final CommitState head)
        throws IOException
    {
        if (counts.commitTxn() != checkpointed.txnId() || checkpointed.txnId() > head.txnId())
        {
            return null;
        }
        final TreeMap<Integer, Long> live = counts.toMap();
        CommitState previous = checkpointed;
        while (previous.txnId() < head.txnId())
        {
            final CommitState next = reader.next(previous);
            if (next == null)
            {
                return null;
            }
            CommitDiff.deltas(pages, previous, next).forEach((segment, delta) -> live.merge(segment, delta, Long::sum));
            previous = next;
        }
        return previous.recordId() == head.recordId() ? live : null;
    }
}
