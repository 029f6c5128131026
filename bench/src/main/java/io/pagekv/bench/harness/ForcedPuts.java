package io.pagekv.bench.harness;

import io.pagekv.bench.kv.KvStore;
import io.pagekv.bench.kv.KvWriter;

/**
 * An open store whose commits are forced, written one put per commit: the store of the forced
 * commit benchmarks ({@code writeSync}, {@code writeSyncLoaded}), with its directory.
 */
public final class ForcedPuts implements AutoCloseable
{
    private final StoreDir dir;
    private final KvStore store;
    private final KvWriter writer;

    /**
     * @param dir   the store's directory, deleted at {@link #close}.
     * @param store the store, opened with forced commits.
     */
    public ForcedPuts(final StoreDir dir, final KvStore store)
    {
        this.dir = dir;
        this.store = store;
        this.writer = store.writer();
    }

    /**
     * Puts one entry in a transaction of its own and commits it, forced.
     *
     * @param key   the key.
     * @param value the value.
     */
    public void put(final long key, final byte[] value)
    {
        writer.begin();
        writer.put(key, value);
        writer.commit();
    }

    /**
     * Closes the writer and the store and deletes the directory.
     */
    @Override
    public void close()
    {
        writer.close();
        store.close();
        dir.close();
    }
}
