package io.pagekv.cli;

import io.pagekv.Cursor;
import io.pagekv.Snapshot;

/**
 * Exact totals of key and value sizes over one snapshot, measured with zero-copy views (values
 * are not read).
 *
 * @param entries    entries.
 * @param keyBytes   bytes of all keys.
 * @param minKey     the shortest key, 0 if none.
 * @param maxKey     the longest key.
 * @param valueBytes bytes of all values.
 * @param minValue   the shortest value, 0 if none.
 * @param maxValue   the longest value.
 */
record EntrySizes(long entries, long keyBytes, long minKey, long maxKey, long valueBytes, long minValue, long maxValue)
{
    /**
     * @param snapshot the snapshot to walk.
     * @param progress told how many entries are done.
     * @return the totals.
     */
    static EntrySizes measure(final Snapshot snapshot, final Progress progress)
    {
        long entries = 0;
        long keyBytes = 0;
        long minKey = Long.MAX_VALUE;
        long maxKey = 0;
        long valueBytes = 0;
        long minValue = Long.MAX_VALUE;
        long maxValue = 0;
        try (Cursor cursor = snapshot.range(null, null))
        {
            while (cursor.next())
            {
                final int key = cursor.key().capacity();
                final int value = cursor.value().capacity();
                keyBytes += key;
                minKey = Math.min(minKey, key);
                maxKey = Math.max(maxKey, key);
                valueBytes += value;
                minValue = Math.min(minValue, value);
                maxValue = Math.max(maxValue, value);
                if ((++entries & 4095) == 0)
                {
                    progress.update(entries);
                }
            }
        }
        return new EntrySizes(entries, keyBytes, entries == 0 ? 0 : minKey, maxKey, valueBytes, entries == 0 ? 0 : minValue, maxValue);
    }
}
