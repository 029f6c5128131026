package io.pagekv.cli;

/**
 * The {@link KeyFormat#HEX} encoding, and hex digits for the other encodings.
 */
final class HexDigits
{
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private HexDigits()
    {
    }

    static String encode(final byte[] bytes)
    {
        final char[] text = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++)
        {
            text[2 * i] = DIGITS[(bytes[i] >>> 4) & 0xF];
            text[2 * i + 1] = DIGITS[bytes[i] & 0xF];
        }
        return new String(text);
    }

    static byte[] decode(final String text)
    {
        if ((text.length() & 1) != 0)
        {
            throw new IllegalArgumentException("hex needs two digits per byte, got " + text.length() + " digits");
        }
        final byte[] bytes = new byte[text.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            final int high = value(text.charAt(2 * i));
            final int low = value(text.charAt(2 * i + 1));
            if (high < 0 || low < 0)
            {
                throw new IllegalArgumentException("not a hex digit at position " + (high < 0 ? 2 * i : 2 * i + 1));
            }
            bytes[i] = (byte)(high << 4 | low);
        }
        return bytes;
    }

    static char digit(final int value)
    {
        return DIGITS[value];
    }

    /**
     * @param c a character.
     * @return its value as a hex digit (either case), or -1.
     */
    static int value(final char c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }
        return -1;
    }
}
