package io.pagekv.cli;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Where a value is decoded to as its line is read: memory outside the heap that grows as the
 * value does, up to a limit checked at every byte, so that an oversized value is refused as soon
 * as it passes the limit, not after it was read whole. Reused from one value to the next.
 *
 * <p>Not thread-safe.
 */
final class ValueSink implements ValueDecoder.Sink
{
    private final long maxBytes;
    private final ExpandableDirectByteBuffer bytes = new ExpandableDirectByteBuffer(1 << 12);
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private int length;

    /**
     * @param maxBytes the largest value taken.
     */
    ValueSink(final long maxBytes)
    {
        this.maxBytes = maxBytes;
    }

    /**
     * Starts a new value.
     */
    void clear()
    {
        length = 0;
    }

    /**
     * @param b the next byte of the value.
     * @throws Overflow if the value grows past the limit.
     */
    @Override
    public void put(final int b)
    {
        if (length >= maxBytes)
        {
            throw new Overflow(maxBytes);
        }
        bytes.putByte(length++, (byte)b);
    }

    /**
     * @return the value so far, valid until the next {@link #clear} or {@link #put}.
     */
    DirectBuffer view()
    {
        view.wrap(bytes, 0, length);
        return view;
    }

    /**
     * @return the value's length so far.
     */
    int length()
    {
        return length;
    }

    /** A value grew past the limit: it is refused before the rest of it is read. */
    static final class Overflow extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Overflow(final long maxBytes)
        {
            super("the value is larger than " + maxBytes + " bytes, the most a value can hold; it was refused before being read whole");
        }
    }
}
