package io.pagekv;

import io.pagekv.ipc.StoreCounters;
import io.pagekv.txn.CommitState;
import io.pagekv.txn.OpenReaders;

import java.lang.ref.Cleaner;

/**
 * What ends a snapshot: its registration among the open readers goes, so that compaction may
 * retire the segments only it could reach. {@link Snapshot#close} runs it; if the application
 * drops a snapshot without closing it, the {@link Cleaner} runs it when the snapshot is garbage
 * collected, and reports the leak. Until then the leaked snapshot holds its segments on disk.
 *
 * <p>Where a leaked snapshot was opened is recorded only when the system property
 * {@value #TRACE_PROPERTY} is {@code true}: capturing a stack at every open would cost more than
 * a hundred point gets, and allocate a kilobyte, on the path that is meant to allocate nothing.
 *
 * <p>Holds no reference to the snapshot, or the cleaner would never run.
 */
final class SnapshotRelease implements Runnable
{
    private static final Cleaner CLEANER = Cleaner.create();
    private static final System.Logger LOGGER = System.getLogger("io.pagekv");
    /** System property: {@code true} records where each snapshot is opened, for leak reports. */
    static final String TRACE_PROPERTY = "pagekv.snapshot.traceLeaks";
    private static final boolean TRACE = Boolean.getBoolean(TRACE_PROPERTY);

    private final OpenReaders readers;
    private final StoreCounters counters;
    private final CommitState state;
    /** Where the snapshot was opened, when {@link #TRACE} is on; else null. */
    private final Throwable openedAt;
    private Cleaner.Cleanable cleanable;
    private volatile boolean closedByApplication;

    private SnapshotRelease(final OpenReaders readers, final CommitState state, final StoreCounters counters)
    {
        this.readers = readers;
        this.counters = counters;
        this.state = state;
        this.openedAt = TRACE ? new Throwable("snapshot of txn " + state.txnId() + " opened here") : null;
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
                "Snapshot (try-with-resources): until it is collected it keeps compacted segments on disk" +
                (openedAt == null ? "; run with -D" + TRACE_PROPERTY + "=true to see where it was opened" : ""), openedAt);
        }
    }
}
