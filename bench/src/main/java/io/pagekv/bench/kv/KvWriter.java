package io.pagekv.bench.kv;

/**
 * Writes a store from one thread, one transaction at a time: {@link #begin()}, any number of
 * {@link #put} calls, then {@link #commit()}. Whether a commit forces is fixed when the store is
 * opened ({@link StoreSpec#sync()}). Not thread-safe.
 */
public interface KvWriter extends AutoCloseable
{
    /**
     * Starts a transaction (or a write batch for engines without transactions).
     */
    void begin();

    /**
     * @param key   the key.
     * @param value the value; the engine may not keep a reference to it.
     */
    void put(long key, byte[] value);

    /**
     * Makes the transaction's writes visible, and durable if the store was opened with sync.
     */
    void commit();

    /**
     * Ends the writer; a transaction begun and not committed is discarded where the engine can.
     */
    @Override
    void close();
}
