package io.pagekv;

import io.pagekv.io.ErrorMapper;
import io.pagekv.btree.PointLookup;
import io.pagekv.btree.TreeCursor;
import io.pagekv.codec.Codec;
import io.pagekv.page.SegmentTable;
import io.pagekv.txn.CommitState;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.VarHandle;

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
    /** Wraps the array keys of {@link #get(byte[])} and {@link #view(byte[])}; made at the first. */
    private UnsafeBuffer keyBuffer;
    private volatile boolean closed;

    Snapshot(final Store store, final CommitState state)
    {
        this.store = store;
        this.state = state;
        this.release = SnapshotRelease.watch(this, store.engine().readers(), state, store.counters());
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
        return copy(store, state, wrapKey(key), key.length);
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
     * Returns a zero-copy view of a value in the mapped pages. A value stored compressed is not
     * a view of the mapped page: it is its inflated bytes, shared through the read cache with
     * other readers; never write through it.
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
        return view(store, state, wrapKey(key), key.length);
    }

    private UnsafeBuffer wrapKey(final byte[] key)
    {
        if (keyBuffer == null)
        {
            keyBuffer = new UnsafeBuffer(key);
        }
        else
        {
            keyBuffer.wrap(key);
        }
        return keyBuffer;
    }

    /**
     * Points {@code into} at the value of {@code key}, zero-copy: the allocation-free point read.
     * {@code into} is a flyweight the caller owns and reuses from get to get; this call only
     * re-points it. It then views the value in the mapped pages, valid while this snapshot is open
     * (or, for a value stored compressed, its inflated bytes, shared through the read cache); never
     * write through it. When the key is absent, {@code into} is left as it was.
     *
     * @param key  the key: all of the buffer's capacity.
     * @param into the flyweight to point at the value.
     * @return whether the key is present.
     * @throws StoreClosedException  if the snapshot is closed.
     * @throws CorruptStoreException if a page on the way fails its checks.
     */
    public boolean view(final DirectBuffer key, final UnsafeBuffer into)
    {
        checkOpen();
        store.checkKey(key.capacity());
        return find(store, state, key, key.capacity(), into);
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
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        return find(store, state, key, length, view) ? view : null;
    }

    /**
     * A point read of one commit into a view: whether the key is present. A mapped fault on the
     * way is reported as {@link CorruptStoreException}.
     */
    private static boolean find(
        final Store store, final CommitState state, final DirectBuffer key, final int length, final UnsafeBuffer into)
    {
        try
        {
            final boolean found = PointLookup.find(store.values(), state.root(), state.depth(), key, 0, length, into);
            MappedFault.deliverPending();
            return found;
        }
        catch (final InternalError ex)
        {
            throw ErrorMapper.mappedFault(store.dir(), ex);
        }
    }

    /**
     * A point read of the head, holding no snapshot; see {@link #ofHead}.
     */
    static byte[] copyOfHead(final Store store, final PublishedHead head, final DirectBuffer key, final int length)
    {
        return ofHead(store, head, state -> copy(store, state, key, length));
    }

    /** One read of one commit, done again by {@link #ofHead} when its answer cannot be trusted. */
    @FunctionalInterface
    interface HeadRead<T>
    {
        T read(CommitState state);
    }

    /**
     * A read of the head that holds no snapshot. Compaction may retire a segment while a read
     * that took the head before the retiring commit is still on its way down: that read finds the
     * segment gone (a number is never used again, so it never finds another) and is done once
     * more on the newer head. A segment it did find stays mapped, but once retired its file may
     * be reused for a new segment (decision 59): a read during which the store reused a file is
     * done again on the newer head, whatever it found or threw, since the bytes it read may have
     * changed under it. Reuses are rare (one per new segment at most), so this ends.
     */
    static <T> T ofHead(final Store store, final PublishedHead head, final HeadRead<T> read)
    {
        final SegmentTable segments = store.engine().segments();
        boolean headMoved = false;
        while (true)
        {
            final long recycled = segments.recycledCount();
            final CommitState state = head.current();
            try
            {
                final T result = read.read(state);
                // The reads of the mapping above may not pass the count's second read.
                VarHandle.acquireFence();
                if (segments.recycledCount() == recycled)
                {
                    return result;
                }
            }
            catch (final RuntimeException ex)
            {
                VarHandle.acquireFence();
                if (segments.recycledCount() == recycled)
                {
                    if (headMoved || !(ex instanceof CorruptStoreException) || head.current().txnId() == state.txnId())
                    {
                        throw ex;
                    }
                    headMoved = true;
                }
            }
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
            if (PointLookup.find(store.values(), state.root(), state.depth(), key, 0, length, view))
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
     * Hands the value of {@code key} in this snapshot's commit to other processes, as
     * {@link Store#export(byte[])} does; the export outlives the snapshot.
     *
     * @param key the key.
     * @return the export, or null if absent; close it.
     */
    public SharedExport export(final byte[] key)
    {
        return export(key, ExportRoute.AUTO);
    }

    /**
     * Hands the value of {@code key} in this snapshot's commit to other processes, as
     * {@link Store#export(byte[], ExportRoute)} does; the export outlives the snapshot.
     *
     * @param key   the key.
     * @param route the route.
     * @return the export, or null if absent; close it.
     */
    public SharedExport export(final byte[] key, final ExportRoute route)
    {
        checkOpen();
        Bytes.nonNull(key, "key");
        store.checkKey(key.length);
        return store.export(store.engine().readers().open(() -> state), key, route);
    }

    /**
     * A typed point read of one commit, through the read cache: the decoded value, or null. A
     * mapped fault on the way is reported as {@link CorruptStoreException}.
     */
    static <T> T decode(final Store store, final CommitState state, final DirectBuffer key, final int length, final Codec<T> codec)
    {
        try
        {
            final T value = PointLookup.decode(store.values(), state.root(), state.depth(), key, 0, length, codec, new UnsafeBuffer(0, 0));
            MappedFault.deliverPending();
            return value;
        }
        catch (final InternalError ex)
        {
            throw ErrorMapper.mappedFault(store.dir(), ex);
        }
    }

    /**
     * A typed point read of the head, holding no snapshot; see {@link #ofHead}.
     */
    static <T> T decodeOfHead(final Store store, final PublishedHead head, final DirectBuffer key, final int length, final Codec<T> codec)
    {
        return ofHead(store, head, state -> decode(store, state, key, length, codec));
    }

    /**
     * A typed read of this snapshot.
     */
    <T> T decode(final DirectBuffer key, final int length, final Codec<T> codec)
    {
        checkOpen();
        store.checkKey(length);
        return decode(store, state, key, length, codec);
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
        return new Cursor(this, new TreeCursor(store.values(), state.root(), state.depth()),
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
     * snapshot that is never closed is reported when it is garbage collected (with where it was
     * opened when the JVM runs with {@code -Dpagekv.snapshot.traceLeaks=true}); until then it
     * keeps compacted segments on disk.
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
