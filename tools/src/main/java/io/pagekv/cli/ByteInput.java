package io.pagekv.cli;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input read one byte at a time through a 64 KiB buffer, with one byte of look-ahead: what
 * the dump readers need to take lines of any length apart without holding them.
 *
 * <p>Not thread-safe.
 */
final class ByteInput
{
    /** What {@link #read()} and {@link #peek()} return at the end of the input. */
    static final int EOF = -1;

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;

    /**
     * @param in the input; not closed here.
     */
    ByteInput(final InputStream in)
    {
        this.in = in;
    }

    /**
     * @return the next byte, 0 to 255, or {@link #EOF}.
     * @throws IOException if reading fails.
     */
    int read() throws IOException
    {
        if (position == limit && !fill())
        {
            return EOF;
        }
        return buffer[position++] & 0xFF;
    }

    /**
     * @return the next byte without taking it, or {@link #EOF}.
     * @throws IOException if reading fails.
     */
    int peek() throws IOException
    {
        if (position == limit && !fill())
        {
            return EOF;
        }
        return buffer[position] & 0xFF;
    }

    /**
     * @param b a byte just read.
     * @return whether it ends the line: a {@code \n}, or a {@code \r} that a {@code \n} or the end follows.
     * @throws IOException if reading fails.
     */
    boolean endsLine(final int b) throws IOException
    {
        if (b == '\r' && (peek() == '\n' || peek() == EOF))
        {
            read();
            return true;
        }
        return b == '\n';
    }

    private boolean fill() throws IOException
    {
        final int n = in.read(buffer, 0, buffer.length);
        if (n <= 0)
        {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
