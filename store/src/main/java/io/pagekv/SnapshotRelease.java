package io.pagekv;

import io.pagekv.ipc.StoreCounters;
import io.pagekv.txn.CommitState;
import io.pagekv.txn.OpenReaders;

import java.lang.ref.Cleaner;

/**
 * What ends a snapshot: its registration among the open readers goes, so that compaction may
 * retire the segments only it could reach. {@link Snapshot#close} runs it; if the application
 * drops a snapshot without closing it, the {@link Cleaner} runs it when the snapshot is garbage
 * collected, and reports the leak with the place where the snapshot was opened. Until then the
 * leaked snapshot holds its segments on disk.
 *
 * <p>Holds no reference to the snapshot, or the cleaner would never run.
 */
final class SnapshotRelease implements Runnable
{
    private static final Cleaner CLEANER = Cleaner.create();
    private static final System.Logger LOGGER = System.getLogger("io.pagekv");

    private final OpenReaders readers;
    private final StoreCounters counters;
    private final CommitState state;
    private final Throwable openedAt;
    private Cleaner.Cleanable cleanable;
    private volatile boolean closedByApplication;

    private SnapshotRelease(final OpenReaders readers, final CommitState state, final StoreCounters counters)
    {
        this.readers = readers;
        this.counters = counters;
        this.state = state;
        this.openedAt = new Throwable("snapshot of txn " + state.txnId() + " opened here");
    }

    /**
     * @param snapshot the snapshot to watch.
     * @param readers  where it is registered.
     * @param state    the commit it reads.
     * @param counters the live counters, where open snapshots are counted.
     * @return the release its {@code close} runs.
     */
    static SnapshotRelease watch(final Snapshot snapshot, final OpenReaders readers, final CommitState state, final StoreCounters counters)
    {
        counters.snapshots(1);
        final SnapshotRelease release = new SnapshotRelease(readers, state, counters);
        release.cleanable = CLEANER.register(snapshot, release);
        return release;
    }

    /**
     * Runs the release now, once, as the application's own close.
     */
    void closeNow()
    {
        closedByApplication = true;
        cleanable.clean();
    }

    @Override
    public void run()
    {
        readers.close(state);
        counters.snapshots(-1);
        if (!closedByApplication)
        {
            LOGGER.log(System.Logger.Level.WARNING, "a snapshot of txn " + state.txnId() + " was never closed; close every " +
                "Snapshot (try-with-resources): until it is collected it keeps compacted segments on disk", openedAt);
        }
    }
}
