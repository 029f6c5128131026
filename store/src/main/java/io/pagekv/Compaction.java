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
     * A whole compaction ({@link Store#compact()}): every segment up to the head's is retired; the
     * first moving commit starts a new segment.
     *
     * @param store     the store.
     * @param engine    its engine.
     * @param committer its committer.
     * @return what was done.
     */
    static CompactionReport run(final Store store, final Engine engine, final Committer committer)
    {
        final long start = System.nanoTime();
        // Committed pages never change: the scan needs no lock.
        final CommitState scanned = engine.head();
        final LiveSegments live = LiveSegments.scan(engine.pages(), scanned);
        final int firstKept = live.firstKept(scanned.segment() + 1, 1.0);
        final long bytes = live.capacityPages().headMap(firstKept).values().stream().mapToLong(Long::longValue).sum() *
            engine.pages().pageSize();
        try (WriteTxn plan = store.beginWrite())
        {
            committer.retireReady();
            if (firstKept <= engine.firstSegment())
            {
                return new CompactionReport(0, engine.retirementsPending(), 0, 0, 0, System.nanoTime() - start);
            }
            // The head's segment goes too: the first moving commit starts a new one.
            engine.startNewSegment();
        }
        long moved = 0;
        int commits = 0;
        Batch batch;
        do
        {
            batch = moveBatch(store, firstKept);
            moved += batch.pages();
            commits++;
        }
        while (!batch.done());
        // A whole compaction gives space back: its retired files are deleted, never kept as spares.
        final int retired = retire(store, committer, firstKept, false);
        return new CompactionReport(retired, engine.retirementsPending(), moved, commits, bytes, System.nanoTime() - start);
    }

    /**
     * What one moving commit did.
     *
     * @param done  whether nothing is left to move out of the retiring segments.
     * @param pages pages it wrote.
     */
    record Batch(boolean done, int pages)
    {
    }

    /**
     * One moving commit: the live pages below {@code firstKept}, up to {@link #PAGES_PER_COMMIT},
     * rewritten at the tail.
     *
     * @param store     the store.
     * @param firstKept the first segment to keep.
     * @return what it did.
     */
    static Batch moveBatch(final Store store, final int firstKept)
    {
        try (WriteTxn txn = store.beginWrite())
        {
            final boolean done = txn.relocate(segment -> segment < firstKept, PAGES_PER_COMMIT);
            final int pages = txn.pagesToWrite();
            txn.commit();
            return new Batch(done, pages);
        }
    }

    /**
     * Retires the segments below {@code firstKept}, under the writer lock: a commit never needs
     * them again, since the head and every page it reaches lie above them.
     *
     * @param store     the store.
     * @param committer its committer.
     * @param firstKept the first segment to keep.
     * @param reusable  whether their files may be kept as spares for new segments (decision 59).
     * @return segments scheduled for retirement.
     */
    static int retire(final Store store, final Committer committer, final int firstKept, final boolean reusable)
    {
        try (WriteTxn last = store.beginWrite())
        {
            return committer.retireBelow(firstKept, reusable);
        }
    }
}
