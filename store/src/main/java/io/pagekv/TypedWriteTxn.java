package io.pagekv;

import io.pagekv.codec.Codec;

/**
 * A typed write transaction ({@link TypedStore#beginWrite()}); see {@link WriteTxn}. Reads of
 * its own writes decode afresh (they have no stored location yet, so they are never cached).
 *
 * <p>Not thread-safe: use and close it on the thread that began it.
 *
 * @param <K> the key type.
 * @param <V> the value type.
 */
public final class TypedWriteTxn<K, V> implements AutoCloseable
{
    private final WriteTxn txn;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;

    TypedWriteTxn(final WriteTxn txn, final Codec<K> keyCodec, final Codec<V> valueCodec)
    {
        this.txn = txn;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
    }

    /** @return the byte-level transaction underneath. */
    public WriteTxn txn()
    {
        return txn;
    }

    /**
     * @param key   the key.
     * @param value the value; compressed as the store's policy says.
     * @throws KeyTooLargeException   if the encoded key is empty or too long; the transaction is unchanged.
     * @throws ValueTooLargeException if the encoded value is too long; the transaction is unchanged.
     */
    public void put(final K key, final V value)
    {
        txn.put(TypedEncoder.key(keyCodec, key), TypedEncoder.value(valueCodec, value));
    }

    /**
     * @param key the key.
     * @return its value as this transaction sees it, or null.
     */
    public V get(final K key)
    {
        final byte[] value = txn.get(TypedEncoder.keyBytes(keyCodec, key));
        return value == null ? null : valueCodec.decode(new org.agrona.concurrent.UnsafeBuffer(value), 0, value.length);
    }

    /**
     * @param key the key.
     * @return whether it was present.
     */
    public boolean delete(final K key)
    {
        return txn.delete(TypedEncoder.keyBytes(keyCodec, key));
    }

    /** Commits; see {@link WriteTxn#commit()}. */
    public void commit()
    {
        txn.commit();
    }

    /** Aborts unless committed; see {@link WriteTxn#close()}. */
    @Override
    public void close()
    {
        txn.close();
    }
}
