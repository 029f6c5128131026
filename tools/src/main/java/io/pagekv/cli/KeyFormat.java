package io.pagekv.cli;

import java.util.Base64;
import java.util.Locale;

/**
 * How keys and values appear on the command line and in output. Every encoding is
 * unambiguous: {@code decode(encode(bytes))} gives the bytes back, whatever they are, and the
 * encoded text never holds a tab or a line break, so it can be used as a field of a line.
 */
public enum KeyFormat
{
    /**
     * Printable ASCII as it is; a backslash as {@code \\}; every other byte as {@code \xHH}.
     * Decoding also takes any other character as its UTF-8 bytes.
     */
    TEXT
    {
        @Override
        public String encode(final byte[] bytes)
        {
            return TextEscapes.encode(bytes);
        }

        @Override
        public byte[] decode(final String text)
        {
            return TextEscapes.decode(text);
        }
    },

    /** Two lowercase hex digits per byte; decoding takes either case. */
    HEX
    {
        @Override
        public String encode(final byte[] bytes)
        {
            return HexDigits.encode(bytes);
        }

        @Override
        public byte[] decode(final String text)
        {
            return HexDigits.decode(text);
        }
    },

    /** RFC 4648 base64 with padding. */
    BASE64
    {
        @Override
        public String encode(final byte[] bytes)
        {
            return Base64.getEncoder().encodeToString(bytes);
        }

        @Override
        public byte[] decode(final String text)
        {
            return Base64Decoder.decode(text);
        }
    },

    /**
     * A JSON string holding the bytes as UTF-8 text when they are valid UTF-8, otherwise a JSON
     * object {@code {"base64":"..."}}. Output is ASCII: other characters are {@code \}{@code uXXXX} escapes.
     */
    JSON
    {
        @Override
        public String encode(final byte[] bytes)
        {
            return JsonBytes.encode(bytes);
        }

        @Override
        public byte[] decode(final String text)
        {
            return JsonBytes.decode(text);
        }
    };

    /**
     * @param bytes any bytes.
     * @return their encoding: one line, no tab.
     */
    public abstract String encode(byte[] bytes);

    /**
     * @param text an encoding.
     * @return the bytes it stands for.
     * @throws IllegalArgumentException if {@code text} is not a valid encoding; the message says where.
     */
    public abstract byte[] decode(String text);

    /**
     * @return the name users type: {@code text}, {@code hex}, {@code base64}, {@code json}.
     */
    @Override
    public String toString()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
