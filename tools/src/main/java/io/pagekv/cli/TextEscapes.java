package io.pagekv.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@link KeyFormat#TEXT} encoding: printable ASCII (0x20 to 0x7E) stands for itself, except
 * the backslash, written {@code \\}; every other byte is {@code \xHH} (lowercase on output).
 * So {@code user:42} reads as it is and a tab, a newline or a UTF-8 byte cannot be mistaken
 * for anything else.
 */
final class TextEscapes
{
    private TextEscapes()
    {
    }

    static String encode(final byte[] bytes)
    {
        final StringBuilder text = new StringBuilder(bytes.length + 8);
        for (final byte b : bytes)
        {
            final int c = b & 0xFF;
            if (c == '\\')
            {
                text.append("\\\\");
            }
            else if (c >= 0x20 && c < 0x7F)
            {
                text.append((char)c);
            }
            else
            {
                text.append("\\x").append(HexDigits.digit(c >>> 4)).append(HexDigits.digit(c & 0xF));
            }
        }
        return text.toString();
    }

    static byte[] decode(final String text)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length())
        {
            final char c = text.charAt(i);
            if (c == '\\')
            {
                i = unescape(text, i, bytes);
            }
            else if (c < 0x80)
            {
                bytes.write(c);
                i++;
            }
            else
            {
                final int codePoint = text.codePointAt(i);
                if (Character.isSurrogate((char)codePoint))
                {
                    throw new IllegalArgumentException("lone UTF-16 surrogate at position " + i);
                }
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toByteArray();
    }

    private static int unescape(final String text, final int at, final ByteArrayOutputStream bytes)
    {
        if (at + 1 < text.length() && text.charAt(at + 1) == '\\')
        {
            bytes.write('\\');
            return at + 2;
        }
        if (at + 3 < text.length() && text.charAt(at + 1) == 'x')
        {
            final int high = HexDigits.value(text.charAt(at + 2));
            final int low = HexDigits.value(text.charAt(at + 3));
            if (high >= 0 && low >= 0)
            {
                bytes.write(high << 4 | low);
                return at + 4;
            }
        }
        throw new IllegalArgumentException("bad escape at position " + at + " (\"" +
            text.substring(at, Math.min(text.length(), at + 4)) + "\"): write \\\\ for a backslash, \\xHH for a byte");
    }
}
