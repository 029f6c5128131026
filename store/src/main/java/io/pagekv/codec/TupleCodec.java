package io.pagekv.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * A tuple of components, each with its own codec, as one key whose unsigned byte order is the
 * tuple's order: component by component, each in its codec's order, a shorter tuple before a
 * longer one it prefixes. Fixed-length components are written as they are; a variable-length
 * one is escaped and terminated, so that it cannot run into the next:
 *
 * <pre>
 *   byte 0x00 -> 0x00 0x01      end of component -> 0x00 0x00
 * </pre>
 *
 * The terminator sorts below every escaped byte, so a component that prefixes another sorts
 * first. A tuple shorter than the codec's components encodes as a prefix of every tuple that
 * starts with it: pass one to a typed {@code prefix} to walk all keys starting with those
 * components.
 *
 * <p>Order-preserving when every component codec is.
 */
final class TupleCodec implements Codec<List<Object>>
{
    private static final byte ESCAPE = 0x00;
    private static final byte ESCAPED_ZERO = 0x01;
    private static final byte TERMINATOR = 0x00;

    private final Codec<Object>[] components;

    @SuppressWarnings("unchecked")
    TupleCodec(final Codec<?>... components)
    {
        if (components.length == 0)
        {
            throw new IllegalArgumentException("a tuple needs at least one component");
        }
        this.components = (Codec<Object>[])components.clone();
    }

    @Override
    public int encode(final List<Object> value, final MutableDirectBuffer buffer, final int offset)
    {
        if (value.size() > components.length)
        {
            throw new IllegalArgumentException("tuple of " + value.size() + " components, the codec has " + components.length);
        }
        int at = offset;
        for (int i = 0; i < value.size(); i++)
        {
            final Codec<Object> codec = components[i];
            final int written = codec.encode(value.get(i), buffer, at);
            at += codec.fixedLength() >= 0 ? written : escape(buffer, at, written);
        }
        return at - offset;
    }

    /** Escapes, in place and from the end backwards, the {@code length} bytes at {@code from} and terminates them. */
    private static int escape(final MutableDirectBuffer buffer, final int from, final int length)
    {
        int zeros = 0;
        for (int i = from; i < from + length; i++)
        {
            if (buffer.getByte(i) == 0)
            {
                zeros++;
            }
        }
        final int escapedLength = length + zeros + 2;
        int write = from + escapedLength - 1;
        buffer.putByte(write--, TERMINATOR);
        buffer.putByte(write--, ESCAPE);
        for (int read = from + length - 1; read >= from; read--)
        {
            final byte b = buffer.getByte(read);
            if (b == 0)
            {
                buffer.putByte(write--, ESCAPED_ZERO);
                buffer.putByte(write--, ESCAPE);
            }
            else
            {
                buffer.putByte(write--, b);
            }
        }
        return escapedLength;
    }

    @Override
    public List<Object> decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final List<Object> tuple = new ArrayList<>(components.length);
        final int end = offset + length;
        int at = offset;
        for (int i = 0; i < components.length && at < end; i++)
        {
            final Codec<Object> codec = components[i];
            final int fixed = codec.fixedLength();
            if (fixed >= 0)
            {
                if (at + fixed > end)
                {
                    throw new IllegalArgumentException("tuple component " + i + " needs " + fixed + " bytes, " + (end - at) + " left");
                }
                tuple.add(codec.decode(buffer, at, fixed));
                at += fixed;
                continue;
            }
            final byte[] unescaped = new byte[end - at];
            int n = 0;
            while (true)
            {
                if (at + 1 >= end)
                {
                    throw new IllegalArgumentException("tuple component " + i + " has no terminator");
                }
                final byte b = buffer.getByte(at++);
                if (b != ESCAPE)
                {
                    unescaped[n++] = b;
                    continue;
                }
                final byte next = buffer.getByte(at++);
                if (next == TERMINATOR)
                {
                    break;
                }
                if (next != ESCAPED_ZERO)
                {
                    throw new IllegalArgumentException("tuple component " + i + " has a bad escape 0x00 0x" + Integer.toHexString(next & 0xFF));
                }
                unescaped[n++] = 0;
            }
            tuple.add(codec.decode(new UnsafeBuffer(unescaped, 0, n), 0, n));
        }
        if (at != end)
        {
            throw new IllegalArgumentException((end - at) + " bytes after the tuple's last component");
        }
        return List.copyOf(tuple);
    }

    @Override
    public boolean isShareable()
    {
        for (final Codec<Object> component : components)
        {
            if (!component.isShareable())
            {
                return false;
            }
        }
        return true;
    }
}
