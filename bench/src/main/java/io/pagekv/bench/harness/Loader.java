package io.pagekv.bench.harness;

import io.pagekv.bench.kv.KvStore;
import io.pagekv.bench.kv.KvWriter;

/**
 * Loads a data set in its random insertion order, {@value #ENTRIES_PER_COMMIT} entries per
 * commit, or fewer when their values would pass {@value #BYTES_PER_COMMIT} bytes (large values).
 */
public final class Loader
{
    /** Entries per commit. */
    public static final int ENTRIES_PER_COMMIT = 10_000;
    /** Value bytes per commit, at most. */
    public static final long BYTES_PER_COMMIT = 32L << 20;

    private Loader()
    {
    }

    /**
     * @param store   the store to write into.
     * @param dataset the entries.
     */
    public static void load(final KvStore store, final Dataset dataset)
    {
        try (KvWriter writer = store.writer())
        {
            int inTxn = 0;
            long bytesInTxn = 0;
            writer.begin();
            for (int i = 0; i < dataset.entries(); i++)
            {
                final long key = dataset.keyAt(i);
                final byte[] value = dataset.value(key);
                writer.put(key, value);
                inTxn++;
                bytesInTxn += value.length;
                if (inTxn == ENTRIES_PER_COMMIT || bytesInTxn + value.length > BYTES_PER_COMMIT)
                {
                    writer.commit();
                    writer.begin();
                    inTxn = 0;
                    bytesInTxn = 0;
                }
            }
            writer.commit();
        }
    }
}
