package io.pagekv.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Strings as UTF-8, encoded char by char into the buffer. Order-preserving by code point (UTF-8
 * byte order is code point order; note that {@link String#compareTo} compares UTF-16 units, which
 * differs for characters above U+FFFF against U+E000 to U+FFFF). An unpaired surrogate is written
 * as {@code ?}, as {@link String#getBytes} does.
 */
final class Utf8Codec implements Codec<String>
{
    static final Utf8Codec INSTANCE = new Utf8Codec();

    private Utf8Codec()
    {
    }

    @Override
    public int encode(final String value, final MutableDirectBuffer buffer, final int offset)
    {
        int at = offset;
        final int length = value.length();
        for (int i = 0; i < length; i++)
        {
            final char c = value.charAt(i);
            if (c < 0x80)
            {
                buffer.putByte(at++, (byte)c);
            }
            else if (c < 0x800)
            {
                buffer.putByte(at++, (byte)(0xC0 | (c >> 6)));
                buffer.putByte(at++, (byte)(0x80 | (c & 0x3F)));
            }
            else if (Character.isSurrogate(c))
            {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1)))
                {
                    final int cp = Character.toCodePoint(c, value.charAt(++i));
                    buffer.putByte(at++, (byte)(0xF0 | (cp >> 18)));
                    buffer.putByte(at++, (byte)(0x80 | ((cp >> 12) & 0x3F)));
                    buffer.putByte(at++, (byte)(0x80 | ((cp >> 6) & 0x3F)));
                    buffer.putByte(at++, (byte)(0x80 | (cp & 0x3F)));
                }
                else
                {
                    buffer.putByte(at++, (byte)'?');
                }
            }
            else
            {
                buffer.putByte(at++, (byte)(0xE0 | (c >> 12)));
                buffer.putByte(at++, (byte)(0x80 | ((c >> 6) & 0x3F)));
                buffer.putByte(at++, (byte)(0x80 | (c & 0x3F)));
            }
        }
        return at - offset;
    }

    @Override
    public String decode(final DirectBuffer buffer, final int offset, final int length)
    {
        return buffer.getStringWithoutLengthUtf8(offset, length);
    }
}
