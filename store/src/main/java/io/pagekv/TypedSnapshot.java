package io.pagekv;

import io.pagekv.codec.Codec;
import org.agrona.DirectBuffer;

/**
 * A typed read view of one commit ({@link TypedStore#snapshot()}); see {@link Snapshot}.
 * Decoded values come through the read cache and are shared: treat them as immutable.
 *
 * <p>Not thread-safe, like {@link Snapshot}.
 *
 * @param <K> the key type.
 * @param <V> the value type.
 */
public final class TypedSnapshot<K, V> implements AutoCloseable
{
    private final Snapshot snapshot;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;

    TypedSnapshot(final Snapshot snapshot, final Codec<K> keyCodec, final Codec<V> valueCodec)
    {
        this.snapshot = snapshot;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
    }

    /** @return the byte-level snapshot underneath. */
    public Snapshot snapshot()
    {
        return snapshot;
    }

    /**
     * @param key the key.
     * @return its value in this snapshot, or null if absent.
     * @throws StoreClosedException  if the snapshot is closed.
     * @throws CorruptStoreException if a page on the way or the value is damaged.
     */
    public V get(final K key)
    {
        final DirectBuffer encoded = TypedEncoder.key(keyCodec, key);
        return snapshot.decode(encoded, encoded.capacity(), valueCodec);
    }

    /**
     * @param from first key, inclusive; null for the start.
     * @param to   end key, exclusive; null for the end.
     * @return a cursor over {@code [from, to)} in ascending order; close it.
     */
    public TypedCursor<K, V> range(final K from, final K to)
    {
        return TypedCursor.of(snapshot.range(TypedEncoder.keyBytes(keyCodec, from), TypedEncoder.keyBytes(keyCodec, to)),
            keyCodec, valueCodec);
    }

    /**
     * @param prefix the prefix (for a tuple key, a shorter tuple).
     * @return a cursor over the keys whose encoding starts with the prefix's; close it.
     */
    public TypedCursor<K, V> prefix(final K prefix)
    {
        return TypedCursor.of(snapshot.prefix(TypedEncoder.keyBytes(keyCodec, prefix)), keyCodec, valueCodec);
    }

    /** Ends the snapshot; see {@link Snapshot#close()}. */
    @Override
    public void close()
    {
        snapshot.close();
    }
}
