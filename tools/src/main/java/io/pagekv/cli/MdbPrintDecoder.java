package io.pagekv.cli;

/**
 * Streams a data line of {@code mdb_dump -p} (LMDB's "print" format): bytes as they are,
 * {@code \\} for a backslash and {@code \HH} (two hex digits) for any other byte.
 */
final class MdbPrintDecoder extends ValueDecoder
{
    /** Characters of the escape so far: 0 outside one, 1 after the backslash, 2 after one digit. */
    private int escaped;
    private long escapeAt;
    private int high;

    MdbPrintDecoder(final Sink sink)
    {
        super(sink);
    }

    @Override
    protected void reset()
    {
        escaped = 0;
    }

    @Override
    protected void take(final int b)
    {
        if (escaped == 0)
        {
            if (b == '\\')
            {
                escaped = 1;
                escapeAt = position;
            }
            else
            {
                sink.put(b);
            }
            return;
        }
        if (escaped == 1 && b == '\\')
        {
            sink.put('\\');
            escaped = 0;
            return;
        }
        final int digit = b < 0x80 ? HexDigits.value((char)b) : -1;
        if (digit < 0)
        {
            throw badEscape();
        }
        if (escaped == 1)
        {
            high = digit;
            escaped = 2;
        }
        else
        {
            sink.put(high << 4 | digit);
            escaped = 0;
        }
    }

    @Override
    void finish()
    {
        if (escaped != 0)
        {
            throw badEscape();
        }
    }

    private IllegalArgumentException badEscape()
    {
        return new IllegalArgumentException("bad escape at position " + escapeAt + ": the print format writes \\\\ for a " +
            "backslash and \\HH for a byte (some mdb_dump versions leave a backslash unescaped: dump without -p)");
    }
}
