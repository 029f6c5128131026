package io.pagekv.cli;

/**
 * Streams the {@link KeyFormat#TEXT} encoding: printable ASCII as it is, {@code \\} for a
 * backslash, {@code \xHH} for any byte, and any other character as its UTF-8 bytes.
 */
final class TextDecoder extends ValueDecoder
{
    private final Utf8Check utf8 = new Utf8Check();
    /** Characters of the escape so far: 0 outside one, then 1 after the backslash, 2 after 'x', 3 after one digit. */
    private int escaped;
    private long escapeAt;
    private int high;

    TextDecoder(final Sink sink)
    {
        super(sink);
    }

    @Override
    protected void reset()
    {
        escaped = 0;
        utf8.complete();
    }

    @Override
    protected void take(final int b)
    {
        switch (escaped)
        {
            case 0:
                if (b == '\\')
                {
                    escaped = 1;
                    escapeAt = position;
                    return;
                }
                if (b >= 0x80 && !utf8.accept(b))
                {
                    throw new IllegalArgumentException("not UTF-8 text at position " + position);
                }
                sink.put(b);
                return;
            case 1:
                if (b == '\\')
                {
                    sink.put('\\');
                    escaped = 0;
                    return;
                }
                if (b != 'x')
                {
                    throw badEscape();
                }
                escaped = 2;
                return;
            case 2:
                high = HexDigits.value((char)b);
                if (high < 0)
                {
                    throw badEscape();
                }
                escaped = 3;
                return;
            default:
                final int low = HexDigits.value((char)b);
                if (low < 0)
                {
                    throw badEscape();
                }
                sink.put(high << 4 | low);
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
        if (!utf8.complete())
        {
            throw new IllegalArgumentException("not UTF-8 text: a character is cut short at the end");
        }
    }

    private IllegalArgumentException badEscape()
    {
        return new IllegalArgumentException("bad escape at position " + escapeAt + ": write \\\\ for a backslash, \\xHH for a byte");
    }
}
