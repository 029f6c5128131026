package io.pagekv;

import io.pagekv.io.ErrorMapper;
import io.pagekv.btree.PointLookup;
import io.pagekv.btree.TreeCursor;
import io.pagekv.txn.CommitState;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A consistent read view of one commit. Opening one takes no lock and never waits; the writer
 * never waits for it either. Values read through {@link #view} are zero-copy views of the
 * mapped pages, valid while the snapshot is open.
 *
 * <p>Not thread-safe: use it from one thread at a time (it may be closed from any thread).
 */
public final class Snapshot implements AutoCloseable
{
    private final Store store;
    private final CommitState state;
    private final SnapshotRelease release;
    private final UnsafeBuffer keyBuffer = new UnsafeBuffer(0, 0);
    private volatile boolean closed;

    Snapshot(final Store store, final CommitState state)
    {
        this.store = store;
        this.state = state;
        this.release = SnapshotRelease.watch(this, store.engine().readers(), state);
    }

    /** @return the commit this snapshot reads. */
    CommitState state()
    {
        return state;
    }

    /**
     * @return the id of the commit this snapshot sees.
     */
    public long txnId()
    {
        return state.txnId();
    }

    /**
     * @return entries in this snapshot; O(1).
     */
    public long count()
    {
        checkOpen();
        return state.entryCount();
    }

    /**
     * @param from first key, inclusive; null for the start.
     * @param to   last key, exclusive; null for the end.
     * @return entries in the range; walks it.
     */
    public long count(final byte[] from, final byte[] to)
    {
        long n = 0;
        try (Cursor cursor = range(from, to))
        {
            while (cursor.next())
            {
                n++;
            }
        }
        return n;
    }

    /**
     * @param key the key.
     * @return a copy of its value, or null if absent.
     */
    public byte[] get(final byte[] key)
    {
        checkOpen();
        Bytes.nonNull(key, "key");
        store.checkKey(key.length);
        keyBuffer.wrap(key);
        return copy(store, state, keyBuffer, key.length);
    }

    /**
     * @param key the key: all of the buffer's capacity.
     * @return a copy of its value, or null if absent.
     */
    public byte[] get(final DirectBuffer key)
    {
        return get(Bytes.copy(key));
    }

    /**
     * Returns a zero-copy view of a value in the mapped pages.
     *
     * @param key the key.
     * @return a new read-only view, valid while this snapshot is open; null if absent.
     * @throws StoreClosedException  if the snapshot is closed.
     * @throws CorruptStoreException if a page on the way fails its checks.
     */
    public DirectBuffer view(final byte[] key)
    {
        checkOpen();
        Bytes.nonNull(key, "key");
        store.checkKey(key.length);
        keyBuffer.wrap(key);
        return view(store, state, keyBuffer, key.length);
    }

    /**
     * Returns a zero-copy view of a value in the mapped pages.
     *
     * @param key the key: all of the buffer's capacity.
     * @return a new read-only view, valid while this snapshot is open; null if absent.
     */
    public DirectBuffer view(final DirectBuffer key)
    {
        checkOpen();
        store.checkKey(key.capacity());
        return view(store, state, key, key.capacity());
    }

    /**
     * A point read of one commit: a view of the value, or null. A mapped fault on the way is
     * reported as {@link CorruptStoreException}.
     */
    static DirectBuffer view(final Store store, final CommitState state, final DirectBuffer key, final int length)
    {
        try
        {
            final UnsafeBuffer view = new UnsafeBuffer(0, 0);
            final boolean found = PointLookup.find(store.engine().pages(), state.root(), state.depth(), key, 0, length, view);
            MappedFault.deliverPending();
            return found ? view : null;
        }
        catch (final InternalError ex)
        {
            throw ErrorMapper.mappedFault(store.dir(), ex);
        }
    }

    /**
     * A point read of the head, holding no snapshot. Compaction may retire a segment while a read
     * that took the head before the retiring commit is still on its way down: that read finds
     * the segment gone (a number is never used again, so it never finds another), and reads the
     * newer head instead. A segment it did find stays readable: its mapping outlives its file.
     */
    static byte[] copyOfHead(final Store store, final PublishedHead head, final DirectBuffer key, final int length)
    {
        final CommitState state = head.current();
        try
        {
            return copy(store, state, key, length);
        }
        catch (final CorruptStoreException ex)
        {
            final CommitState now = head.current();
            if (now.txnId() == state.txnId())
            {
                throw ex;
            }
            return copy(store, now, key, length);
        }
    }

    /**
     * A point read of one commit: a copy of the value, or null; the copy is made inside the
     * guard that reports a mapped fault as {@link CorruptStoreException}.
     */
    static byte[] copy(final Store store, final CommitState state, final DirectBuffer key, final int length)
    {
        try
        {
            final UnsafeBuffer view = new UnsafeBuffer(0, 0);
            byte[] copy = null;
            if (PointLookup.find(store.engine().pages(), state.root(), state.depth(), key, 0, length, view))
            {
                copy = new byte[view.capacity()];
                view.getBytes(0, copy);
            }
            MappedFault.deliverPending();
            return copy;
        }
        catch (final InternalError ex)
        {
            throw ErrorMapper.mappedFault(store.dir(), ex);
        }
    }

    /**
     * Walks keys in {@code [from, to)} in ascending order.
     *
     * @param from first key, inclusive; null for the start.
     * @param to   end key, exclusive; null for the end.
     * @return the cursor, before its first entry; close it.
     */
    public Cursor range(final byte[] from, final byte[] to)
    {
        return range(from, to, Order.ASCENDING);
    }

    /**
     * Walks keys in {@code [from, to)}.
     *
     * @param from  first key, inclusive; null for the start.
     * @param to    end key, exclusive; null for the end.
     * @param order the direction.
     * @return the cursor, before its first entry; close it.
     */
    public Cursor range(final byte[] from, final byte[] to, final Order order)
    {
        checkOpen();
        return new Cursor(this, new TreeCursor(store.engine().pages(), state.root(), state.depth()),
            from == null ? null : from.clone(), to == null ? null : to.clone(), order);
    }

    /**
     * Walks keys that start with {@code prefix} in ascending order.
     *
     * @param prefix the prefix; empty for every key.
     * @return the cursor; close it.
     */
    public Cursor prefix(final byte[] prefix)
    {
        return prefix(prefix, Order.ASCENDING);
    }

    /**
     * Walks keys that start with {@code prefix}.
     *
     * @param prefix the prefix; empty for every key.
     * @param order  the direction.
     * @return the cursor; close it.
     */
    public Cursor prefix(final byte[] prefix, final Order order)
    {
        Bytes.nonNull(prefix, "prefix");
        return range(prefix.length == 0 ? null : prefix, successor(prefix), order);
    }

    /**
     * @param prefix a prefix.
     * @return the smallest key greater than every key starting with {@code prefix}, or null if none.
     */
    static byte[] successor(final byte[] prefix)
    {
        for (int i = prefix.length - 1; i >= 0; i--)
        {
            if (prefix[i] != (byte)0xFF)
            {
                final byte[] next = java.util.Arrays.copyOf(prefix, i + 1);
                next[i]++;
                return next;
            }
        }
        return null;
    }

    Store store()
    {
        return store;
    }

    void checkOpen()
    {
        if (closed)
        {
            throw new StoreClosedException("snapshot of txn " + state.txnId());
        }
        store.checkUsable();
    }

    /**
     * Ends the snapshot; views taken from it must no longer be used. Once no snapshot of an older
     * commit is open, compaction may retire the segments it alone could reach. Idempotent. A
     * snapshot that is never closed is reported, with where it was opened, when it is garbage
     * collected; until then it keeps compacted segments on disk.
     */
    @Override
    public void close()
    {
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        release.closeNow();
    }
}
