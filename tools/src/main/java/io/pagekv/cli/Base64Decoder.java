package io.pagekv.cli;

import java.io.ByteArrayOutputStream;

/**
 * Streams the {@link KeyFormat#BASE64} encoding (RFC 4648, padding optional at the end), with
 * messages of its own that say where the text goes wrong.
 */
final class Base64Decoder extends ValueDecoder
{
    private static final int[] VALUES = new int[128];

    static
    {
        java.util.Arrays.fill(VALUES, -1);
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++)
        {
            VALUES[alphabet.charAt(i)] = i;
        }
    }

    /** Characters of the current group of four. */
    private int inGroup;
    private int bits;
    /** Padding characters seen; after padding only more padding may follow. */
    private int padding;

    Base64Decoder(final Sink sink)
    {
        super(sink);
    }

    /**
     * @param text base64 text.
     * @return the bytes it stands for.
     * @throws IllegalArgumentException if it is not valid base64; the message says where.
     */
    static byte[] decode(final String text)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length() * 3 / 4);
        final Base64Decoder decoder = new Base64Decoder(bytes::write);
        decoder.start();
        for (int i = 0; i < text.length(); i++)
        {
            decoder.accept(Math.min(text.charAt(i), 0xFF));
        }
        decoder.finish();
        return bytes.toByteArray();
    }

    @Override
    protected void reset()
    {
        inGroup = 0;
        bits = 0;
        padding = 0;
    }

    @Override
    protected void take(final int b)
    {
        if (b == '=')
        {
            if (inGroup + padding < 2 || inGroup + padding >= 4)
            {
                throw new IllegalArgumentException("misplaced padding '=' at position " + position);
            }
            padding++;
            return;
        }
        final int value = b < 0x80 ? VALUES[b] : -1;
        if (value < 0)
        {
            throw new IllegalArgumentException("not a base64 character at position " + position +
                " (base64 uses A-Z, a-z, 0-9, + and /, and = at the end)");
        }
        if (padding > 0)
        {
            throw new IllegalArgumentException("text after the padding '=' at position " + position);
        }
        bits = bits << 6 | value;
        if (++inGroup == 4)
        {
            sink.put(bits >>> 16 & 0xFF);
            sink.put(bits >>> 8 & 0xFF);
            sink.put(bits & 0xFF);
            inGroup = 0;
            bits = 0;
        }
    }

    @Override
    void finish()
    {
        if (inGroup == 1)
        {
            throw new IllegalArgumentException("base64 cut short: " + position + " characters, the last group holds only one");
        }
        if (padding > 0 && inGroup + padding != 4)
        {
            throw new IllegalArgumentException("base64 padding incomplete: the last group needs " + (4 - inGroup - padding) + " more '='");
        }
        if (inGroup == 2)
        {
            sink.put(bits >>> 4 & 0xFF);
        }
        else if (inGroup == 3)
        {
            sink.put(bits >>> 10 & 0xFF);
            sink.put(bits >>> 2 & 0xFF);
        }
    }
}
