package io.pagekv;

import io.pagekv.compact.LiveSegments;
import io.pagekv.txn.CommitState;
import io.pagekv.txn.Committer;
import io.pagekv.txn.Engine;

/**
 * Online compaction by segment swap: the live pages of the oldest segments are rewritten at the
 * tail in ordinary, bounded commits (so writers wait for at most one of them), then the log's
 * first segment moves past those segments, which are deleted once no reader can reach them.
 * Before the last moving commit the old pages serve; after it the new ones do.
 */
final class Compaction
{
    /** About how many pages one moving commit may take: 16 MiB of 4 KiB pages. */
    static final int PAGES_PER_COMMIT = 4096;

    private Compaction()
    {
    }

    /**
     * @param store        the store.
     * @param engine       its engine.
     * @param committer    its committer.
     * @param maxLiveRatio retire the oldest segments while at most this share of their pages is
     *                     live; 1 retires everything but the newest data.
     * @return what was done.
     */
    static CompactionReport run(final Store store, final Engine engine, final Committer committer, final double maxLiveRatio)
    {
        final long start = System.nanoTime();
        // Committed pages never change: the scan needs no lock.
        final CommitState scanned = engine.head();
        final LiveSegments live = LiveSegments.scan(engine.pages(), scanned);
        final boolean everything = maxLiveRatio >= 1.0;
        final int firstKept = live.firstKept(everything ? scanned.segment() + 1 : scanned.segment(), maxLiveRatio);
        final long bytes = live.capacityPages().headMap(firstKept).values().stream().mapToLong(Long::longValue).sum() *
            engine.pages().pageSize();
        try (WriteTxn plan = store.beginWrite())
        {
            committer.retireReady();
            if (firstKept <= engine.firstSegment())
            {
                return new CompactionReport(0, engine.retirementsPending(), 0, 0, 0, System.nanoTime() - start);
            }
            if (everything)
            {
                // The head's segment goes too: the first moving commit starts a new one.
                engine.startNewSegment();
            }
        }
        long moved = 0;
        int commits = 0;
        boolean done = false;
        while (!done)
        {
            try (WriteTxn txn = store.beginWrite())
            {
                done = txn.relocate(segment -> segment < firstKept, PAGES_PER_COMMIT);
                moved += txn.pagesToWrite();
                txn.commit();
                commits++;
            }
        }
        final int retired;
        try (WriteTxn last = store.beginWrite())
        {
            // A commit never needs the retired segments again: the head and every page it reaches lie above them.
            retired = committer.retireBelow(firstKept);
        }
        return new CompactionReport(retired, engine.retirementsPending(), moved, commits, bytes, System.nanoTime() - start);
    }
}
