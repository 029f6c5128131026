package io.pagekv;

import org.agrona.DirectBuffer;

/**
 * Copies between Agrona buffers and arrays at the API boundary.
 */
final class Bytes
{
    private Bytes()
    {
    }

    static byte[] copy(final DirectBuffer buffer)
    {
        if (buffer == null)
        {
            throw new IllegalArgumentException("buffer is null");
        }
        final byte[] bytes = new byte[buffer.capacity()];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    static byte[] nonNull(final byte[] bytes, final String what)
    {
        if (bytes == null)
        {
            throw new IllegalArgumentException(what + " is null");
        }
        return bytes;
    }
}
