package io.pagekv.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Turns a {@code T} into bytes and back, writing straight into a {@link MutableDirectBuffer} and
 * reading straight from a {@link DirectBuffer}, with no intermediate array. Used by
 * {@code Store.typed} for keys and values.
 *
 * <p>A codec used for keys should be order-preserving: the unsigned byte order of encodings is
 * the order of the values, so that ranges and prefixes of the store mean the same for the typed
 * keys. {@link Codecs} says which of its codecs are.
 *
 * <p>Implementations must be thread-safe (stateless), and {@code decode(encode(v)) } must equal
 * {@code v}. Decoded values of a {@link #isShareable() shareable} codec are kept in the store's
 * read cache and handed to every reader of the same stored value: such values must be immutable.
 *
 * @param <T> the type.
 */
public interface Codec<T>
{
    /**
     * Writes {@code value} at {@code offset}. The buffer may be an expandable one that grows as it
     * is written ({@link org.agrona.ExpandableArrayBuffer}); a fixed one must have room.
     *
     * @param value  the value, never null.
     * @param buffer where to write.
     * @param offset where to start.
     * @return the bytes written.
     */
    int encode(T value, MutableDirectBuffer buffer, int offset);

    /**
     * Reads a value that {@link #encode} wrote.
     *
     * @param buffer the buffer; a view valid only during the call.
     * @param offset where the encoding starts.
     * @param length its length.
     * @return the value.
     * @throws IllegalArgumentException if the bytes are not an encoding of this codec.
     */
    T decode(DirectBuffer buffer, int offset, int length);

    /**
     * @return the length of every encoding, or -1 if encodings vary in length.
     */
    default int fixedLength()
    {
        return -1;
    }

    /**
     * @return whether decoded values are immutable, so that readers may share one decoded value
     * through the read cache; a codec of mutable values (arrays) returns false and every read
     * decodes afresh.
     */
    default boolean isShareable()
    {
        return true;
    }
}
