package io.pagekv;

import io.pagekv.codec.Codec;
import org.agrona.DirectBuffer;

/**
 * Walks a range of typed entries, one per {@link #next()}; see {@link Cursor}. Keys are decoded
 * on each call; values come through the read cache (shared: treat them as immutable).
 *
 * <p>Not thread-safe.
 *
 * @param <K> the key type.
 * @param <V> the value type.
 */
public final class TypedCursor<K, V> implements AutoCloseable
{
    private final Snapshot owned;
    private final Cursor cursor;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;

    private TypedCursor(final Snapshot owned, final Cursor cursor, final Codec<K> keyCodec, final Codec<V> valueCodec)
    {
        this.owned = owned;
        this.cursor = cursor;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
    }

    static <K, V> TypedCursor<K, V> of(final Cursor cursor, final Codec<K> keyCodec, final Codec<V> valueCodec)
    {
        return new TypedCursor<>(null, cursor, keyCodec, valueCodec);
    }

    static <K, V> TypedCursor<K, V> owning(final Snapshot snapshot, final Cursor cursor, final Codec<K> keyCodec, final Codec<V> valueCodec)
    {
        return new TypedCursor<>(snapshot, cursor, keyCodec, valueCodec);
    }

    /**
     * @return false when the range is exhausted.
     * @throws CorruptStoreException if a page on the way is damaged.
     */
    public boolean next()
    {
        return cursor.next();
    }

    /** @return the current key, decoded. */
    public K key()
    {
        final DirectBuffer key = cursor.key();
        return keyCodec.decode(key, 0, key.capacity());
    }

    /** @return the current value, decoded or from the read cache. */
    public V value()
    {
        return cursor.decodedValue(valueCodec);
    }

    /** Ends the cursor, and the snapshot it opened for itself if any. */
    @Override
    public void close()
    {
        cursor.close();
        if (owned != null)
        {
            owned.close();
        }
    }
}
