package io.pagekv;

import io.pagekv.codec.Codec;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes keys and values of a typed view into per-thread scratch buffers, so that a typed put
 * or get allocates nothing for the encoding itself. Each thread has one key and one value
 * buffer; an encoding is valid until the same thread encodes again.
 */
final class TypedEncoder
{
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private TypedEncoder()
    {
    }

    /**
     * @return a view of {@code key} encoded in this thread's key buffer.
     * @throws IllegalArgumentException if the key is null.
     */
    static <K> DirectBuffer key(final Codec<K> codec, final K key)
    {
        return SCRATCH.get().key.encode(codec, key, "key");
    }

    /**
     * @return a view of {@code value} encoded in this thread's value buffer.
     * @throws IllegalArgumentException if the value is null.
     */
    static <V> DirectBuffer value(final Codec<V> codec, final V value)
    {
        return SCRATCH.get().value.encode(codec, value, "value");
    }

    /**
     * @return a new array holding {@code key} encoded; null for a null key (an open range end).
     */
    static <K> byte[] keyBytes(final Codec<K> codec, final K key)
    {
        return key == null ? null : Bytes.copy(key(codec, key));
    }

    private static final class Scratch
    {
        final Slot key = new Slot();
        final Slot value = new Slot();
    }

    private static final class Slot
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);

        <T> DirectBuffer encode(final Codec<T> codec, final T item, final String what)
        {
            if (item == null)
            {
                throw new IllegalArgumentException(what + " is null");
            }
            final int length = codec.encode(item, buffer, 0);
            view.wrap(buffer.byteArray(), 0, length);
            return view;
        }
    }
}
