package io.pagekv.cli;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * JSON string literals, and the {@link KeyFormat#JSON} encoding of bytes: a string when the bytes
 * are valid UTF-8, else {@code {"base64":"..."}}. Literals are written in ASCII only, so output
 * does not depend on the platform's charset.
 */
final class JsonText
{
    /** The field of the object that holds bytes that are not UTF-8. */
    static final String BASE64_FIELD = "base64";

    private JsonText()
    {
    }

    /**
     * @param text any string.
     * @return it as a JSON string literal, quotes included, ASCII only.
     */
    static String quote(final String text)
    {
        final StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        escape(text, json);
        return json.append('"').toString();
    }

    /**
     * @param text any characters, for example one piece of a long string.
     * @param json where their escaped form goes, without quotes, ASCII only.
     */
    static void escape(final CharSequence text, final StringBuilder json)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '"': json.append("\\\""); break;
                case '\\': json.append("\\\\"); break;
                case '\n': json.append("\\n"); break;
                case '\r': json.append("\\r"); break;
                case '\t': json.append("\\t"); break;
                case '\b': json.append("\\b"); break;
                case '\f': json.append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7E)
                    {
                        json.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        json.append(c);
                    }
            }
        }
    }

    static String encodeBytes(final byte[] bytes)
    {
        try
        {
            final String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
            return quote(text);
        }
        catch (final CharacterCodingException ex)
        {
            return "{" + quote(BASE64_FIELD) + ":" + quote(Base64.getEncoder().encodeToString(bytes)) + "}";
        }
    }

    static byte[] decodeBytes(final String json)
    {
        final Parser parser = new Parser(json);
        final byte[] bytes;
        parser.skipSpace();
        if (parser.peek() == '{')
        {
            parser.expect('{');
            if (!BASE64_FIELD.equals(parser.string()))
            {
                throw new IllegalArgumentException("a JSON object must be {\"base64\":\"...\"}");
            }
            parser.expect(':');
            bytes = KeyFormat.BASE64.decode(parser.string());
            parser.expect('}');
        }
        else
        {
            bytes = utf8(parser.string());
        }
        parser.skipSpace();
        if (!parser.atEnd())
        {
            throw new IllegalArgumentException("unexpected text after the JSON value at position " + parser.position);
        }
        return bytes;
    }

    private static byte[] utf8(final String text)
    {
        try
        {
            final ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(text));
            final byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        }
        catch (final CharacterCodingException ex)
        {
            throw new IllegalArgumentException("JSON string holds a lone UTF-16 surrogate", ex);
        }
    }

    /** Reads one JSON string literal or the {@code {"base64":...}} object, nothing else. */
    private static final class Parser
    {
        private final String json;
        private int position;

        Parser(final String json)
        {
            this.json = json;
        }

        boolean atEnd()
        {
            return position >= json.length();
        }

        char peek()
        {
            return atEnd() ? 0 : json.charAt(position);
        }

        void skipSpace()
        {
            while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
            {
                position++;
            }
        }

        void expect(final char c)
        {
            skipSpace();
            if (peek() != c)
            {
                throw new IllegalArgumentException("expected '" + c + "' at position " + position + " of the JSON value");
            }
            position++;
        }

        String string()
        {
            expect('"');
            final StringBuilder text = new StringBuilder();
            while (true)
            {
                if (atEnd())
                {
                    throw new IllegalArgumentException("JSON string is not closed");
                }
                final char c = json.charAt(position++);
                if (c == '"')
                {
                    return text.toString();
                }
                if (c < 0x20)
                {
                    throw new IllegalArgumentException("raw control character in a JSON string at position " + (position - 1));
                }
                text.append(c == '\\' ? escape() : c);
            }
        }

        private char escape()
        {
            final char c = atEnd() ? 0 : json.charAt(position++);
            switch (c)
            {
                case '"': return '"';
                case '\\': return '\\';
                case '/': return '/';
                case 'b': return '\b';
                case 'f': return '\f';
                case 'n': return '\n';
                case 'r': return '\r';
                case 't': return '\t';
                case 'u':
                    if (position + 4 <= json.length())
                    {
                        int value = 0;
                        for (int i = 0; i < 4; i++)
                        {
                            final int digit = HexDigits.value(json.charAt(position + i));
                            if (digit < 0)
                            {
                                value = -1;
                                break;
                            }
                            value = value << 4 | digit;
                        }
                        if (value >= 0)
                        {
                            position += 4;
                            return (char)value;
                        }
                    }
                    throw new IllegalArgumentException("bad \\u escape at position " + (position - 2) + " of the JSON value");
                default:
                    throw new IllegalArgumentException("bad escape \\" + c + " at position " + (position - 2) + " of the JSON value");
            }
        }
    }
}
