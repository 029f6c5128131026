package io.pagekv.cli;

/**
 * Streams the {@link KeyFormat#HEX} encoding: two hex digits, either case, per byte.
 */
final class HexDecoder extends ValueDecoder
{
    private int high = -1;

    HexDecoder(final Sink sink)
    {
        super(sink);
    }

    @Override
    protected void reset()
    {
        high = -1;
    }

    @Override
    protected void take(final int b)
    {
        final int digit = b < 0x80 ? HexDigits.value((char)b) : -1;
        if (digit < 0)
        {
            throw new IllegalArgumentException("not a hex digit at position " + position);
        }
        if (high < 0)
        {
            high = digit;
        }
        else
        {
            sink.put(high << 4 | digit);
            high = -1;
        }
    }

    @Override
    void finish()
    {
        if (high >= 0)
        {
            throw new IllegalArgumentException("hex needs two digits per byte, got " + position + " digits");
        }
    }
}
