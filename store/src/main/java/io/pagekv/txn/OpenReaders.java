package io.pagekv.txn;

import io.pagekv.format.ReaderSlotLayout;
import io.pagekv.ipc.ProcessIdentity;
import io.pagekv.ipc.ReaderTable;

import java.util.function.Supplier;

/**
 * The commits that open snapshots of this process read, so that a segment is retired only when
 * no snapshot can still reach it. Opening a snapshot reads the head and registers it in one step
 * under this object's lock, so that a retirement deciding "nothing older is open" cannot miss a
 * snapshot being opened on an older head. In a process that reads a store another process
 * writes, the oldest commit read is also kept in this process's slot of the shared
 * {@link ReaderTable}, so that the writer deletes nothing it reaches.
 *
 * <p>Thread-safe.
 */
public final class OpenReaders
{
    /** The pin of a process still reading the log at open: every commit. */
    private static final long OPENING = 0;

    private final OpenCommits openByTxn = new OpenCommits();
    private final ReaderTable table;
    private final ProcessIdentity owner;
    private final int slot;

    /** Readers of the writer's process, which keeps its own retirements waiting for them. */
    OpenReaders()
    {
        this.table = null;
        this.owner = null;
        this.slot = -1;
    }

    private OpenReaders(final ReaderTable table, final ProcessIdentity owner)
    {
        this.table = table;
        this.owner = owner;
        this.slot = table.claim(owner);
        table.pin(slot, OPENING);
    }

    /**
     * Readers of a process that does not write the store: claims a slot of the shared table and
     * pins every commit in it until {@link #opened}.
     *
     * @param table the store's reader table.
     * @return the readers; {@link #release} gives the slot back.
     * @throws io.pagekv.StoreException if the table is full of live readers.
     */
    static OpenReaders registered(final ReaderTable table)
    {
        return new OpenReaders(table, ProcessIdentity.current());
    }

    /**
     * Reads the head and registers a reader of it.
     *
     * @param head where the newest commit is published.
     * @return the commit the new reader reads; give it back to {@link #close}.
     */
    public synchronized CommitState open(final Supplier<CommitState> head)
    {
        final CommitState state = head.get();
        openByTxn.add(state.txnId());
        publishOldest();
        return state;
    }

    /**
     * Ends a reader.
     *
     * @param state what {@link #open} returned.
     */
    public synchronized void close(final CommitState state)
    {
        openByTxn.remove(state.txnId());
        publishOldest();
    }

    /**
     * Ends the pin of every commit that the open held: the log has been read.
     */
    synchronized void opened()
    {
        publishOldest();
    }

    /**
     * @return whether this process has a slot in the shared reader table.
     */
    public boolean isRegistered()
    {
        return table != null;
    }

    /**
     * Gives the shared slot back, if there is one: the store is closing.
     */
    synchronized void release()
    {
        if (table != null)
        {
            table.release(slot, owner);
        }
    }

    private void publishOldest()
    {
        if (table != null)
        {
            table.pin(slot, openByTxn.isEmpty() ? ReaderSlotLayout.UNPINNED : openByTxn.oldest());
        }
    }

    /**
     * @param txnId a commit.
     * @return whether no reader of a commit older than {@code txnId} is open.
     */
    public synchronized boolean noneOlderThan(final long txnId)
    {
        return openByTxn.isEmpty() || openByTxn.oldest() >= txnId;
    }

    /**
     * @return readers open now, for monitoring.
     */
    public synchronized int count()
    {
        return openByTxn.total();
    }
}
