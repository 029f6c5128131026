package io.pagekv.bench.harness;

import io.pagekv.bench.kv.KvStore;
import io.pagekv.bench.kv.KvWriter;

import java.util.SplittableRandom;

/**
 * One thread's commits of {@value #PER_COMMIT} puts each to uniformly random keys of a data set
 * (replacing present entries). Not thread-safe.
 */
public final class RandomOverwrites implements AutoCloseable
{
    /** Puts per commit; the benchmarks report per put. */
    public static final int PER_COMMIT = 100;

    private final KvWriter writer;
    private final Dataset dataset;
    private final SplittableRandom random;

    /**
     * @param store   the store to write.
     * @param dataset the keys and values.
     * @param seed    seeds the key choice.
     */
    public RandomOverwrites(final KvStore store, final Dataset dataset, final long seed)
    {
        this.writer = store.writer();
        this.dataset = dataset;
        this.random = new SplittableRandom(seed);
    }

    /**
     * Writes and commits one transaction.
     */
    public void commit()
    {
        writer.begin();
        for (int i = 0; i < PER_COMMIT; i++)
        {
            final long key = random.nextLong(dataset.entries());
            writer.put(key, dataset.value(key));
        }
        writer.commit();
    }

    /**
     * Releases the writer.
     */
    @Override
    public void close()
    {
        writer.close();
    }
}
