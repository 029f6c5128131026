package io.pagekv.bench.kv;

/**
 * An open key-value store of one engine, seen the same way by every benchmark: 8-byte
 * big-endian keys (given as a {@code long}), byte-array values.
 *
 * <p>Thread-safe as far as the benchmarks need: each thread takes its own {@link KvReader} or
 * {@link KvWriter}. Writers of several threads may commit at the same time where
 * {@link Engine#noConcurrentCommits()} is null: the engine serializes or groups their commits
 * itself (lmdbjava's write transactions wait for each other, RocksDB groups concurrent writes).
 */
public interface KvStore extends AutoCloseable
{
    /**
     * @return a reader for the calling thread; close it before the store.
     */
    KvReader reader();

    /**
     * @return a writer for the calling thread; close it before the store.
     */
    KvWriter writer();

    /**
     * Closes the store cleanly, so that it reopens without recovery work.
     */
    @Override
    void close();
}
