package io.pagekv.bench.harness;

import io.pagekv.bench.kv.KvReader;
import io.pagekv.bench.kv.KvStore;

import java.util.SplittableRandom;

/**
 * One thread's point gets of uniformly random present keys, {@value #PER_VIEW} per read view
 * (one snapshot or read transaction per batch, as the engines recommend). Not thread-safe.
 */
public final class RandomReads implements AutoCloseable
{
    /** Gets per read view; the benchmarks report per get. */
    public static final int PER_VIEW = 100;

    private final KvReader reader;
    private final SplittableRandom random;
    private final long entries;

    /**
     * @param store   the store to read.
     * @param entries keys are {@code 0 .. entries-1}.
     * @param seed    seeds the key choice.
     */
    public RandomReads(final KvStore store, final long entries, final long seed)
    {
        this.reader = store.reader();
        this.random = new SplittableRandom(seed);
        this.entries = entries;
    }

    /**
     * @return the digests of {@value #PER_VIEW} values, folded; fails if a key is missing.
     */
    public long batch()
    {
        reader.begin();
        try
        {
            long digest = 0;
            for (int i = 0; i < PER_VIEW; i++)
            {
                final long key = random.nextLong(entries);
                final long value = reader.get(key);
                if (value == KvReader.MISSING)
                {
                    throw new IllegalStateException("key " + key + " of a loaded store is missing");
                }
                digest ^= value;
            }
            return digest;
        }
        finally
        {
            reader.end();
        }
    }

    /**
     * Releases the reader.
     */
    @Override
    public void close()
    {
        reader.close();
    }
}
