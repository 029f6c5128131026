package io.pagekv;

import io.pagekv.io.ErrorMapper;
import io.pagekv.btree.Keys;
import io.pagekv.btree.TreeCursor;
import io.pagekv.codec.Codec;
import io.pagekv.value.ValueKind;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Walks a range of a {@link Snapshot} in key order, one entry per {@link #next()}:
 *
 * <pre>{@code
 * try (Cursor c = snap.range(from, to)) { while (c.next()) use(c.key(), c.value()); }
 * }</pre>
 *
 * <p>{@link #key()} and {@link #value()} are zero-copy views that the next move re-points; copy
 * what you keep. Not thread-safe.
 */
public final class Cursor implements AutoCloseable
{
    private final Snapshot snapshot;
    private final TreeCursor tree;
    private final UnsafeBuffer from;
    private final UnsafeBuffer to;
    private final Order order;
    private final UnsafeBuffer key = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer value = new UnsafeBuffer(0, 0);
    private boolean started;
    private boolean onEntry;
    private boolean valueWrapped;
    private long deliveredAtPageLoad = -1;
    private boolean closed;

    Cursor(final Snapshot snapshot, final TreeCursor tree, final byte[] from, final byte[] to, final Order order)
    {
        this.snapshot = snapshot;
        this.tree = tree;
        this.from = from == null ? null : new UnsafeBuffer(from);
        this.to = to == null ? null : new UnsafeBuffer(to);
        this.order = order == null ? Order.ASCENDING : order;
    }

    /**
     * Moves to the next entry of the range.
     *
     * @return false when the range is exhausted.
     * @throws StoreClosedException  if the cursor or its snapshot is closed.
     * @throws CorruptStoreException if a page on the way fails its checks.
     */
    public boolean next()
    {
        checkOpen();
        try
        {
            boolean moved;
            if (!started)
            {
                started = true;
                moved = order == Order.ASCENDING ?
                    (from == null ? tree.first() : tree.seek(from, 0, from.capacity())) :
                    (to == null ? tree.last() : tree.seekBefore(to, 0, to.capacity()));
            }
            else
            {
                moved = order == Order.ASCENDING ? tree.next() : tree.prev();
            }
            if (moved)
            {
                tree.wrapKey(key);
                moved = order == Order.ASCENDING ? to == null || compare(key, to) < 0 : from == null || compare(key, from) >= 0;
            }
            onEntry = moved;
            valueWrapped = false;
            // A pending mapped fault is surfaced here when the cursor enters another page or ends,
            // not at every entry: the native call that delivers it costs as much as a step.
            if (!moved || tree.pageLoads() != deliveredAtPageLoad)
            {
                MappedFault.deliverPending();
                deliveredAtPageLoad = tree.pageLoads();
            }
            return moved;
        }
        catch (final InternalError ex)
        {
            throw ErrorMapper.mappedFault(snapshot.store().dir(), ex);
        }
    }

    private static int compare(final DirectBuffer a, final DirectBuffer b)
    {
        return Keys.compare(a, 0, a.capacity(), b, 0, b.capacity());
    }

    /**
     * @return the current key, zero-copy; valid until the next move.
     */
    public DirectBuffer key()
    {
        checkEntry();
        return key;
    }

    /**
     * @return the current value, zero-copy; valid until the next move. A value stored compressed
     * is its inflated bytes, shared through the read cache, not a view of the mapped page; never
     * write through it.
     */
    public DirectBuffer value()
    {
        checkEntry();
        if (!valueWrapped)
        {
            // Wrapped on demand: a scan that reads only keys never touches overflow runs.
            try
            {
                tree.wrapValue(value);
            }
            catch (final InternalError ex)
            {
                throw ErrorMapper.mappedFault(snapshot.store().dir(), ex);
            }
            valueWrapped = true;
        }
        return value;
    }

    /**
     * @return whether the current value was put with {@code putPatchable}, so that it can change
     * in place ({@link Store#patch}, the counters): what a copy of the entry must keep, as
     * {@code Store.backup} and {@code pagekv dump} do.
     * @throws IllegalStateException if the cursor is not on an entry.
     */
    public boolean isPatchable()
    {
        checkEntry();
        return tree.isPatchableValue();
    }

    /**
     * Points {@code into} at the current value as it is stored, for copies that keep compressed
     * values compressed.
     *
     * @return whether {@code into} holds an LZ4 block ({@code Lz4BlockLayout}) rather than the value.
     */
    boolean storedValue(final UnsafeBuffer into)
    {
        checkEntry();
        try
        {
            return ValueKind.isCompressed(tree.wrapStoredValue(into));
        }
        catch (final InternalError ex)
        {
            throw ErrorMapper.mappedFault(snapshot.store().dir(), ex);
        }
    }

    /**
     * @return the current value decoded by {@code codec}, through the read cache.
     */
    <T> T decodedValue(final Codec<T> codec)
    {
        checkEntry();
        try
        {
            final T decoded = tree.decodeValue(codec, value);
            valueWrapped = false;
            return decoded;
        }
        catch (final InternalError ex)
        {
            throw ErrorMapper.mappedFault(snapshot.store().dir(), ex);
        }
    }

    /**
     * @return a copy of the current key.
     */
    public byte[] keyBytes()
    {
        return copy(key());
    }

    /**
     * @return a copy of the current value.
     */
    public byte[] valueBytes()
    {
        return copy(value());
    }

    private byte[] copy(final DirectBuffer view)
    {
        try
        {
            final byte[] bytes = Bytes.copy(view);
            MappedFault.deliverPending();
            return bytes;
        }
        catch (final InternalError ex)
        {
            throw ErrorMapper.mappedFault(snapshot.store().dir(), ex);
        }
    }

    private void checkEntry()
    {
        checkOpen();
        if (!onEntry)
        {
            throw new IllegalStateException("cursor is not on an entry: call next() and check that it returned true");
        }
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new StoreClosedException("cursor");
        }
        snapshot.checkOpen();
    }

    /**
     * Ends the cursor. Idempotent.
     */
    @Override
    public void close()
    {
        closed = true;
    }
}
