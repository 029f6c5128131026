package io.pagekv;

import io.pagekv.codec.Codec;
import org.agrona.DirectBuffer;

/**
 * A typed view of a {@link Store} ({@link Store#typed}): keys and values pass through codecs;
 * the data is the store's own, so typed and byte access see each other's writes. Values read
 * through it are decoded once and kept in the store's read cache while it holds them (for a
 * {@link Codec#isShareable() shareable} codec): they are shared between readers, treat them as
 * immutable.
 *
 * <p>Thread-safe, like the store.
 *
 * @param <K> the key type.
 * @param <V> the value type.
 */
public final class TypedStore<K, V>
{
    private final Store store;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;

    TypedStore(final Store store, final Codec<K> keyCodec, final Codec<V> valueCodec)
    {
        this.store = store;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
    }

    /** @return the store underneath. */
    public Store store()
    {
        return store;
    }

    /**
     * Reads one entry from the latest commit.
     *
     * @param key the key.
     * @return the value, or null if absent.
     * @throws KeyTooLargeException  if the encoded key is empty or too long.
     * @throws CorruptStoreException if a page on the way or the value is damaged.
     */
    public V get(final K key)
    {
        final DirectBuffer encoded = TypedEncoder.key(keyCodec, key);
        return store.decodeHead(encoded, encoded.capacity(), valueCodec);
    }

    /**
     * Inserts or replaces one entry in a transaction of its own, compressed as the store's policy says.
     *
     * @param key   the key.
     * @param value the value.
     * @throws KeyTooLargeException   if the encoded key is empty or too long; nothing is written.
     * @throws ValueTooLargeException if the encoded value is too long; nothing is written.
     */
    public void put(final K key, final V value)
    {
        store.put(TypedEncoder.key(keyCodec, key), TypedEncoder.value(valueCodec, value));
    }

    /**
     * Deletes one entry in a transaction of its own.
     *
     * @param key the key.
     * @return whether it was present.
     */
    public boolean delete(final K key)
    {
        return store.delete(TypedEncoder.keyBytes(keyCodec, key));
    }

    /**
     * Starts a typed write transaction; see {@link Store#beginWrite()}.
     *
     * @return the transaction; close it.
     */
    public TypedWriteTxn<K, V> beginWrite()
    {
        return new TypedWriteTxn<>(store.beginWrite(), keyCodec, valueCodec);
    }

    /**
     * Opens a typed read view of the latest commit; see {@link Store#snapshot()}.
     *
     * @return the snapshot; close it.
     */
    public TypedSnapshot<K, V> snapshot()
    {
        return new TypedSnapshot<>(store.snapshot(), keyCodec, valueCodec);
    }

    /**
     * Walks keys in {@code [from, to)} of the latest commit in ascending order (byte order of the
     * encoded keys: the key order for an order-preserving key codec), on a snapshot of its own
     * that closing the cursor closes.
     *
     * @param from first key, inclusive; null for the start.
     * @param to   end key, exclusive; null for the end.
     * @return the cursor; close it.
     */
    public TypedCursor<K, V> range(final K from, final K to)
    {
        final Snapshot snapshot = store.snapshot();
        return TypedCursor.owning(snapshot, snapshot.range(TypedEncoder.keyBytes(keyCodec, from), TypedEncoder.keyBytes(keyCodec, to)),
            keyCodec, valueCodec);
    }

    /**
     * Walks the keys whose encoding starts with {@code prefix}'s, on a snapshot of its own. For a
     * tuple key, pass a shorter tuple to walk every key that starts with its components.
     *
     * @param prefix the prefix.
     * @return the cursor; close it.
     */
    public TypedCursor<K, V> prefix(final K prefix)
    {
        final Snapshot snapshot = store.snapshot();
        return TypedCursor.owning(snapshot, snapshot.prefix(TypedEncoder.keyBytes(keyCodec, prefix)), keyCodec, valueCodec);
    }
}
