package io.pagekv;

import io.pagekv.audit.Audit;
import io.pagekv.audit.AuditKind;
import io.pagekv.compact.LiveSegments;
import io.pagekv.io.ErrorMapper;
import io.pagekv.page.Segment;
import io.pagekv.txn.CommitState;
import io.pagekv.txn.Committer;
import io.pagekv.txn.Engine;
import io.pagekv.compact.CountsAtOpen;
import io.pagekv.txn.LiveAccounting;
import io.pagekv.txn.SuperblockSlot;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Compaction by policy ({@link CompactionPolicy}), done in steps on the committing thread: after
 * each commit of the application, if the log has grown past the policy's bound, one bounded
 * moving commit follows; when nothing is left to move, the old segments are retired. A writer
 * thus waits for at most one moving commit, and the moving keeps pace with the writing. Manual
 * {@link Store#compact()} runs under the same lock, so the two never interleave.
 *
 * <p>Thread-safe: one thread compacts at a time; the others skip their step.
 */
final class AutoCompaction
{
    private static final System.Logger LOGGER = System.getLogger("io.pagekv");

    private final Store store;
    private final Engine engine;
    private final Committer committer;
    private final CompactionPolicy policy;
    private final ReentrantLock running = new ReentrantLock();
    /** The first segment the compaction in progress keeps, or -1 when none is in progress. */
    private int target = -1;
    /** The head's segment when the plan last walked the tree for the pinned floor; -1 before. */
    private int floorWalkedAt = -1;

    AutoCompaction(final Store store, final Engine engine, final Committer committer, final CompactionPolicy policy)
    {
        this.store = store;
        this.engine = engine;
        this.committer = committer;
        this.policy = policy;
    }

    /**
     * At open, before any commit: takes the live counts from the last checkpoint, brought forward
     * over the commits after it, if the checkpoint recorded them. Otherwise (an older store, a
     * store written with compaction off, or counts that do not fit the superblock) they are
     * counted by a scan at the first step that needs them.
     */
    void countsFromCheckpoint()
    {
        // The slot recovery started from: a checkpoint written while opening (after a torn tail
        // was repaired) knows no counts yet, and the commits after the recovered one are still there.
        final SuperblockSlot checkpoint = engine.superblock();
        if (checkpoint.liveCounts() == null)
        {
            return;
        }
        try
        {
            // After a clean close the head is the checkpointed commit: no need to read its record again.
            final CommitState head = engine.head();
            final CommitState checkpointed = head.recordId() == checkpoint.commitPage() ? head : engine.reader().commitAt(checkpoint.commitPage());
            final Map<Integer, Long> counts = checkpointed == null ? null :
                CountsAtOpen.bringForward(engine.pages(), engine.reader(), checkpointed, checkpoint.liveCounts(), head);
            if (counts != null)
            {
                committer.accounting().initialize(counts, engine.head().txnId(), true);
            }
        }
        catch (final IOException | StoreException ex)
        {
            LOGGER.log(System.Logger.Level.WARNING, "live page counts of " + engine.dir() + " could not be taken from its checkpoint (" +
                ex.getMessage() + "); they will be counted by a scan", ex);
        }
    }

    /**
     * @return what a whole compaction did; see {@link Store#compact()}.
     */
    CompactionReport compactNow()
    {
        running.lock();
        try
        {
            target = -1;
            announce("manual");
            final CompactionReport report = Compaction.run(store, engine, committer);
            // A whole compaction gives space back: no file is kept to be reused.
            try
            {
                engine.segments().deleteSpares();
            }
            catch (final IOException ex)
            {
                throw ErrorMapper.io("cannot delete the spare segment files of " + engine.dir(), ex);
            }
            return report;
        }
        finally
        {
            running.unlock();
        }
    }

    /**
     * One step, if the policy asks for one: called after a commit, outside the write lock. A step
     * that fails is logged, never thrown: the application's commit before it stands.
     */
    void afterCommit()
    {
        if (!policy.enabled() || running.isHeldByCurrentThread() || !running.tryLock())
        {
            return;
        }
        try
        {
            if (target < 0)
            {
                final int planned = plan();
                if (planned >= 0)
                {
                    announce("automatic, keeping segments from " + planned);
                }
                target = planned;
            }
            if (target >= 0)
            {
                step();
            }
        }
        catch (final StoreClosedException ex)
        {
            // Closed by another thread meanwhile: nothing left to compact.
            target = -1;
        }
        catch (final StoreException ex)
        {
            // The application's commit is done and durable as promised: a failed step must not
            // look like a failed commit. A poisoned or closed store refuses the next call anyway.
            target = -1;
            LOGGER.log(System.Logger.Level.WARNING, "a compaction step of " + engine.dir() + " failed; the commit before it " +
                "is unaffected, and compaction tries again after a later commit: " + ex.getMessage(), ex);
        }
        finally
        {
            running.unlock();
        }
    }

    /**
     * The compaction event, before the first moving commit. On the thread that compacts: for the
     * automatic step, the thread whose commit triggered it, so the event carries its context.
     */
    private void announce(final String how)
    {
        final Audit audit = store.audit();
        if (audit.isActive())
        {
            audit.before(AuditKind.COMPACTION, engine.head().txnId(), null, null, -1, how);
        }
    }

    private void step()
    {
        if (Compaction.moveBatch(store, target).done())
        {
            Compaction.retire(store, committer, target, true);
            target = -1;
        }
    }

    /**
     * @return the pages of {@code segment} the log has written up to {@code head}: all of a
     * segment below the head's, the head's up to its tail, none of a later one.
     */
    private static long writtenPages(final Segment segment, final CommitState head)
    {
        if (segment.number() > head.segment())
        {
            return 0;
        }
        return segment.number() < head.segment() ? segment.capacityPages() : head.nextPageIndex();
    }

    /**
     * @return the first segment to keep, if the log is over the policy's bound and some
     * segments below the head's can go; else -1.
     */
    private int plan()
    {
        final LiveAccounting accounting = committer.accounting();
        if (!accounting.isInitialized())
        {
            // Under the write lock, so that no commit falls between the scan and the counts.
            try (WriteTxn scan = store.beginWrite())
            {
                accounting.initialize(LiveSegments.scan(engine.pages(), engine.head()).livePages(), engine.head().txnId(), false);
            }
        }
        final CommitState head = engine.head();
        // After every commit: the sum first, and the map only when the store is over its bound.
        final Segment[] segments = engine.pages().all();
        long diskPages = 0;
        for (final Segment segment : segments)
        {
            diskPages += writtenPages(segment, head);
        }
        if (diskPages <= policy.maxSpaceAmplification() * accounting.total())
        {
            return -1;
        }
        final TreeMap<Integer, Long> written = new TreeMap<>();
        for (final Segment segment : segments)
        {
            if (segment.number() <= head.segment())
            {
                written.put(segment.number(), writtenPages(segment, head));
            }
        }
        final LiveSegments live = new LiveSegments(accounting.snapshot(), written);
        final int first = engine.firstSegment();
        int kept = live.firstKept(head.segment(), policy.maxLiveRatio());
        if (kept <= first)
        {
            kept = live.firstKept(head.segment(), 1.0);
        }
        return kept <= first ? -1 : belowThePin(kept, head);
    }

    /**
     * A live patchable run pins the log at its segment (decision 20): no retirement passes it, so
     * a plan beyond it would move pages and retire nothing after every commit (decision 63). The
     * floor comes from the last walk of the tree (every retirement walks); while it clamps the
     * plan, the tree is walked again once per segment the log starts, so that a pin lifted by a
     * put or delete of the value is seen.
     *
     * @return the first segment to keep, no higher than the pin, or -1 if the pin leaves nothing.
     */
    private int belowThePin(final int kept, final CommitState head)
    {
        if (kept > committer.pinnedFloor() && floorWalkedAt != head.segment())
        {
            // Under the write lock, as every walk of the pinned floor.
            try (WriteTxn walk = store.beginWrite())
            {
                committer.walkPinnedFloor();
            }
            floorWalkedAt = head.segment();
        }
        final int bounded = Math.min(kept, committer.pinnedFloor());
        return bounded <= engine.firstSegment() ? -1 : bounded;
    }
}
