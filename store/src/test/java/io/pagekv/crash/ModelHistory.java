package io.pagekv.crash;

import io.pagekv.Cursor;
import io.pagekv.Snapshot;
import io.pagekv.TestStores;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The expected contents of the store after each sequence number of a {@link Workload}: computed on demand
 * by replaying the workload, and cached.
 */
final class ModelHistory
{
    private final Workload workload;
    private final TreeMap<Long, NavigableMap<byte[], byte[]>> states = new TreeMap<>();

    ModelHistory(final Workload workload)
    {
        this.workload = workload;
        states.put(0L, TestStores.model());
    }

    /**
     * @param txnId a committed sequence number (see {@link Workload}).
     * @return the contents after it; do not change.
     */
    synchronized NavigableMap<byte[], byte[]> at(final long txnId)
    {
        final Map.Entry<Long, NavigableMap<byte[], byte[]>> floor = states.floorEntry(txnId);
        if (floor.getKey() == txnId)
        {
            return floor.getValue();
        }
        NavigableMap<byte[], byte[]> model = TestStores.model();
        model.putAll(floor.getValue());
        for (long t = floor.getKey() + 1; t <= txnId; t++)
        {
            workload.apply(model, t);
            final NavigableMap<byte[], byte[]> copy = TestStores.model();
            copy.putAll(model);
            states.put(t, copy);
        }
        return states.get(txnId);
    }

    /**
     * Drops cached states below {@code txnId}, keeping one to replay from.
     *
     * @param txnId the oldest state still wanted.
     */
    synchronized void forgetBefore(final long txnId)
    {
        final Long keep = states.floorKey(txnId);
        states.headMap(keep, false).clear();
    }

    /**
     * Compares a snapshot with the expected contents, entry by entry.
     *
     * @param snapshot the snapshot.
     * @param expected the model.
     * @return null when equal, else the first difference.
     */
    static String difference(final Snapshot snapshot, final NavigableMap<byte[], byte[]> expected)
    {
        if (snapshot.count() != expected.size())
        {
            return "snapshot of txn " + snapshot.txnId() + " counts " + snapshot.count() + " entries, the model " + expected.size();
        }
        try (Cursor cursor = snapshot.range(null, null))
        {
            final Iterator<Map.Entry<byte[], byte[]>> model = expected.entrySet().iterator();
            while (model.hasNext())
            {
                final Map.Entry<byte[], byte[]> e = model.next();
                if (!cursor.next())
                {
                    return "store ends before model key " + show(e.getKey());
                }
                final byte[] key = cursor.keyBytes();
                if (!Arrays.equals(key, e.getKey()))
                {
                    return "store has key " + show(key) + " where the model has " + show(e.getKey());
                }
                final byte[] value = cursor.valueBytes();
                if (!Arrays.equals(value, e.getValue()))
                {
                    return "value of " + show(key) + " differs: " + value.length + " bytes, model " + e.getValue().length + " bytes";
                }
            }
            return cursor.next() ? "store has extra key " + show(cursor.keyBytes()) : null;
        }
    }

    static String show(final byte[] key)
    {
        return new String(key, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
