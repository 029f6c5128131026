package io.pagekv.bench.kv;

/**
 * An open key-value store of one engine, seen the same way by every benchmark: 8-byte
 * big-endian keys (given as a {@code long}), byte-array values.
 *
 * <p>Thread-safe as far as the benchmarks need: each thread takes its own {@link KvReader} or
 * {@link KvWriter}; one writer at a time.
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
