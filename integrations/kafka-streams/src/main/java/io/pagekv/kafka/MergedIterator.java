package io.pagekv.kafka;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.pagekv.Cursor;
import io.pagekv.Snapshot;
import io.pagekv.StoreException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * The entries of a key range as the store holds them: the committed entries of one pagekv
 * {@link Snapshot}, walked by a {@link Cursor}, overlaid with a copy of the buffered writes of the
 * range taken at the same moment. A buffered write wins over the committed entry of its key; a
 * buffered delete hides it. Keys and values are copied out of the mapped pages, since Kafka keeps
 * them after the iterator moves on.
 *
 * <p>Not thread-safe. The caller must {@link #close()} it; the store reports and closes the
 * iterators still open when it closes.
 */
final class MergedIterator implements KeyValueIterator<Bytes, byte[]>
{
    private final String storeName;
    private final Iterator<Map.Entry<Bytes, byte[]>> buffered;
    private final Snapshot snapshot;
    private final Cursor cursor;
    private final boolean descending;
    private final OpenIterators owner;
    private Map.Entry<Bytes, byte[]> bufferedHead;
    private KeyValue<Bytes, byte[]> committedHead;
    private boolean committedDone;
    private KeyValue<Bytes, byte[]> next;
    private boolean closed;

    MergedIterator(final String storeName, final List<Map.Entry<Bytes, byte[]>> buffered, final Snapshot snapshot,
        final Cursor cursor, final boolean descending, final OpenIterators owner)
    {
        this.storeName = storeName;
        this.buffered = buffered.iterator();
        this.snapshot = snapshot;
        this.cursor = cursor;
        this.descending = descending;
        this.owner = owner;
    }

    @Override
    public boolean hasNext()
    {
        if (closed)
        {
            throw new InvalidStateStoreException("iterator of pagekv store " + storeName + " is closed");
        }
        if (next == null)
        {
            next = advance();
        }
        return next != null;
    }

    @Override
    public KeyValue<Bytes, byte[]> next()
    {
        if (!hasNext())
        {
            throw new NoSuchElementException("no more entries in this range of pagekv store " + storeName);
        }
        final KeyValue<Bytes, byte[]> entry = next;
        next = null;
        return entry;
    }

    @Override
    public Bytes peekNextKey()
    {
        if (!hasNext())
        {
            throw new NoSuchElementException("no more entries in this range of pagekv store " + storeName);
        }
        return next.key;
    }

    private KeyValue<Bytes, byte[]> advance()
    {
        while (true)
        {
            if (bufferedHead == null && buffered.hasNext())
            {
                bufferedHead = buffered.next();
            }
            if (committedHead == null && !committedDone)
            {
                committedHead = readCommitted();
                committedDone = committedHead == null;
            }
            if (bufferedHead == null && committedHead == null)
            {
                return null;
            }
            final int order = bufferedHead == null ? 1 : committedHead == null ? -1 : compare(bufferedHead.getKey(), committedHead.key);
            if (order > 0)
            {
                final KeyValue<Bytes, byte[]> entry = committedHead;
                committedHead = null;
                return entry;
            }
            if (order == 0)
            {
                committedHead = null;
            }
            final Map.Entry<Bytes, byte[]> write = bufferedHead;
            bufferedHead = null;
            if (write.getValue() != null)
            {
                return KeyValue.pair(write.getKey(), write.getValue());
            }
        }
    }

    private int compare(final Bytes a, final Bytes b)
    {
        return descending ? b.compareTo(a) : a.compareTo(b);
    }

    private KeyValue<Bytes, byte[]> readCommitted()
    {
        try
        {
            return cursor.next() ? KeyValue.pair(KeyRange.kafkaKey(cursor.keyBytes()), cursor.valueBytes()) : null;
        }
        catch (final StoreException ex)
        {
            throw Failures.translate(storeName, "iterating", ex);
        }
    }

    /**
     * Closes the cursor and its snapshot. Idempotent.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            cursor.close();
            snapshot.close();
            owner.remove(this);
        }
    }
}
