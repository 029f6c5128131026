package io.pagekv.kafka;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.pagekv.WriteTxn;
import org.apache.kafka.common.utils.Bytes;

/**
 * The writes made since the last commit, newest per key, held in memory until
 * {@link #writeTo(WriteTxn)} moves them into one pagekv transaction. This is the store's
 * memtable: between two Kafka Streams commits nothing needs to reach the disk, because the
 * changelog can rebuild it, and one pagekv commit per Streams commit writes each touched page
 * once instead of once per put.
 *
 * <p>Not thread-safe: the owning store guards it with its monitor.
 */
final class WriteBuffer
{
    /** Marks a deleted key; compared by identity, never handed out. */
    private static final byte[] TOMBSTONE = new byte[0];
    /** What a TreeMap entry costs beyond its key and value bytes, roughly. */
    private static final int ENTRY_OVERHEAD = 64;

    private final TreeMap<Bytes, byte[]> pending = new TreeMap<>();
    private long bytes;

    /**
     * Records a put.
     *
     * @param key   the Kafka key.
     * @param value the value, kept as given (Kafka does not reuse it).
     */
    void put(final Bytes key, final byte[] value)
    {
        account(key, pending.put(key, value), value);
    }

    /**
     * Records a delete.
     *
     * @param key the Kafka key.
     */
    void delete(final Bytes key)
    {
        account(key, pending.put(key, TOMBSTONE), TOMBSTONE);
    }

    private void account(final Bytes key, final byte[] previous, final byte[] value)
    {
        bytes += value.length;
        if (previous == null)
        {
            bytes += key.get().length + ENTRY_OVERHEAD;
        }
        else
        {
            bytes -= previous.length;
        }
    }

    /**
     * @param key the Kafka key.
     * @return whether the buffer holds a put or a delete of it.
     */
    boolean holds(final Bytes key)
    {
        return pending.containsKey(key);
    }

    /**
     * @param key the Kafka key, which {@link #holds} it.
     * @return its buffered value, or null if it was deleted.
     */
    byte[] valueOf(final Bytes key)
    {
        final byte[] value = pending.get(key);
        return value == TOMBSTONE ? null : value;
    }

    /**
     * Copies the buffered writes of a range, so that an iterator does not see later writes.
     *
     * @param range      the keys.
     * @param descending the order of the copy.
     * @return the writes in that order; a delete has a null value.
     */
    List<Map.Entry<Bytes, byte[]>> copyOf(final KeyRange range, final boolean descending)
    {
        NavigableMap<Bytes, byte[]> view = pending;
        if (range.from() != null)
        {
            view = view.tailMap(range.from(), true);
        }
        if (range.to() != null)
        {
            view = view.headMap(range.to(), range.toInclusive());
        }
        if (descending)
        {
            view = view.descendingMap();
        }
        final List<Map.Entry<Bytes, byte[]>> copy = new ArrayList<>(view.size());
        for (final Map.Entry<Bytes, byte[]> entry : view.entrySet())
        {
            copy.add(new AbstractMap.SimpleImmutableEntry<>(entry.getKey(),
                entry.getValue() == TOMBSTONE ? null : entry.getValue()));
        }
        return copy;
    }

    /**
     * Applies every buffered write to a transaction, in key order. The buffer is unchanged:
     * call {@link #clear()} once the transaction has committed.
     *
     * @param txn the open transaction.
     */
    void writeTo(final WriteTxn txn)
    {
        for (final Map.Entry<Bytes, byte[]> entry : pending.entrySet())
        {
            final byte[] key = KeyRange.stored(entry.getKey().get());
            if (entry.getValue() == TOMBSTONE)
            {
                txn.delete(key);
            }
            else
            {
                txn.put(key, entry.getValue());
            }
        }
    }

    /**
     * Forgets every buffered write.
     */
    void clear()
    {
        pending.clear();
        bytes = 0;
    }

    /**
     * @return buffered keys, puts and deletes.
     */
    int size()
    {
        return pending.size();
    }

    /**
     * @return whether nothing is buffered.
     */
    boolean isEmpty()
    {
        return pending.isEmpty();
    }

    /**
     * @return an estimate of the heap the buffered writes hold.
     */
    long bytes()
    {
        return bytes;
    }
}
