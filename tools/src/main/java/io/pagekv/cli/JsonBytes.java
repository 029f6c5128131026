package io.pagekv.cli;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@link KeyFormat#JSON} encoding of bytes, through Jackson ({@link JsonStyle}): a JSON
 * string when the bytes are valid UTF-8, else the object {@code {"base64":"..."}}.
 */
final class JsonBytes
{
    /** The field of the object that holds bytes that are not UTF-8. */
    static final String BASE64_FIELD = "base64";
    private static final String NOT_BASE64_OBJECT = "a JSON object must be {\"" + BASE64_FIELD + "\":\"...\"}";

    private JsonBytes()
    {
    }

    /**
     * @param bytes any bytes.
     * @return their JSON encoding, ASCII only.
     */
    static String encode(final byte[] bytes)
    {
        final StringWriter json = new StringWriter(bytes.length + 16);
        try (JsonGenerator generator = JsonStyle.line(json))
        {
            write(generator, bytes);
        }
        return json.toString();
    }

    /**
     * @param generator where the value goes.
     * @param bytes     any bytes.
     */
    static void write(final JsonGenerator generator, final byte[] bytes)
    {
        final String text = utf8(bytes);
        if (text != null)
        {
            generator.writeString(text);
        }
        else
        {
            generator.writeStartObject();
            generator.writeStringProperty(BASE64_FIELD, Base64.getEncoder().encodeToString(bytes));
            generator.writeEndObject();
        }
    }

    /**
     * @param json a JSON string, or the object {@code {"base64":"..."}}.
     * @return the bytes it stands for.
     * @throws IllegalArgumentException if it is neither; the message says where.
     */
    static byte[] decode(final String json)
    {
        try (JsonParser parser = JsonStyle.parser(json))
        {
            final byte[] bytes;
            final JsonToken first = parser.nextToken();
            if (first == JsonToken.VALUE_STRING)
            {
                bytes = utf8(parser.getString());
            }
            else if (first == JsonToken.START_OBJECT)
            {
                if (parser.nextToken() != JsonToken.PROPERTY_NAME || !BASE64_FIELD.equals(parser.currentName()) ||
                    parser.nextToken() != JsonToken.VALUE_STRING)
                {
                    throw new IllegalArgumentException(NOT_BASE64_OBJECT);
                }
                bytes = Base64Decoder.decode(parser.getString());
                if (parser.nextToken() != JsonToken.END_OBJECT)
                {
                    throw new IllegalArgumentException(NOT_BASE64_OBJECT);
                }
            }
            else
            {
                throw new IllegalArgumentException("expected a JSON string or " + NOT_BASE64_OBJECT.substring(2));
            }
            if (parser.nextToken() != null)
            {
                throw new IllegalArgumentException("unexpected text after the JSON value at position " +
                    parser.currentTokenLocation().getCharOffset());
            }
            return bytes;
        }
        catch (final JacksonException ex)
        {
            throw new IllegalArgumentException("not valid JSON at position " + Math.max(0, ex.getLocation() == null ? 0 :
                ex.getLocation().getCharOffset()), ex);
        }
    }

    private static String utf8(final byte[] bytes)
    {
        try
        {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        }
        catch (final CharacterCodingException ex)
        {
            return null;
        }
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
}
