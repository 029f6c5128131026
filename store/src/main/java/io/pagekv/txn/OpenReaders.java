package io.pagekv.txn;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

/**
 * The commits that open snapshots of this process read, so that a segment is retired only when
 * no snapshot can still reach it. Opening a snapshot reads the head and registers it in one step
 * under this object's lock, so that a retirement deciding "nothing older is open" cannot miss a
 * snapshot being opened on an older head.
 *
 * <p>Thread-safe.
 */
public final class OpenReaders
{
    private final ConcurrentSkipListMap<Long, Integer> openByTxn = new ConcurrentSkipListMap<>();

    /**
     * Reads the head and registers a reader of it.
     *
     * @param head where the newest commit is published.
     * @return the commit the new reader reads; give it back to {@link #close}.
     */
    public synchronized CommitState open(final Supplier<CommitState> head)
    {
        final CommitState state = head.get();
        openByTxn.merge(state.txnId(), 1, Integer::sum);
        return state;
    }

    /**
     * Ends a reader.
     *
     * @param state what {@link #open} returned.
     */
    public synchronized void close(final CommitState state)
    {
        openByTxn.computeIfPresent(state.txnId(), (txn, count) -> count == 1 ? null : count - 1);
    }

    /**
     * @param txnId a commit.
     * @return whether no reader of a commit older than {@code txnId} is open.
     */
    public synchronized boolean noneOlderThan(final long txnId)
    {
        final Map.Entry<Long, Integer> oldest = openByTxn.firstEntry();
        return oldest == null || oldest.getKey() >= txnId;
    }

    /**
     * @return readers open now, for monitoring.
     */
    public synchronized int count()
    {
        return openByTxn.values().stream().mapToInt(Integer::intValue).sum();
    }
}
