package io.pagekv.bench.kv;

/**
 * Reads a store from one thread, a batch at a time: {@link #begin()} opens the engine's read
 * view (snapshot or read transaction), then any number of {@link #get} calls, then {@link #end()}.
 *
 * <p>Every get reads all bytes of the value it finds, so that zero-copy engines and copying
 * engines do the same work for the caller. Not thread-safe.
 */
public interface KvReader extends AutoCloseable
{
    /** What {@link #get} returns for an absent key. */
    long MISSING = Long.MIN_VALUE;

    /**
     * Opens a read view.
     */
    void begin();

    /**
     * @param key the key.
     * @return the {@link ValueDigest} of its value, or {@link #MISSING}.
     */
    long get(long key);

    /**
     * Walks every entry in ascending key order.
     *
     * @return the {@link ScanDigest} of the walk.
     * @throws UnsupportedOperationException if the engine keeps no key order.
     */
    long scan();

    /**
     * Walks every entry in ascending key order reading one byte of each value, its first: the
     * engine's own iteration cost, which {@link #scan()} hides under the reading of every byte.
     *
     * @return the {@link ScanDigest#touch} fold of the walk.
     * @throws UnsupportedOperationException if the engine keeps no key order.
     */
    long scanTouch();

    /**
     * Closes the read view.
     */
    void end();

    /**
     * Releases the reader's buffers; the view must be ended.
     */
    @Override
    void close();
}
