package io.pagekv.cli;

import io.pagekv.CorruptStoreException;
import org.agrona.DirectBuffer;
import org.agrona.io.DirectBufferInputStream;
import tools.jackson.core.Base64Variants;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.exc.JacksonIOException;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Writes a value straight from the store's mapped pages, raw or encoded, in pieces of 48 KiB:
 * a value of hundreds of MiB never becomes one array or one string, so the heap it needs does
 * not grow with it. The output is the same as {@link KeyFormat#encode} of the whole value.
 *
 * <p>Not thread-safe: one per command.
 */
final class ValueStream
{
    /** Bytes per piece: a multiple of 3, so that base64 pieces join without padding. */
    static final int PIECE = 3 << 14;

    private final Path dir;
    private final byte[] piece = new byte[PIECE];
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer chars = CharBuffer.allocate(PIECE + 8);

    /**
     * @param dir the store directory, named if a mapped page turns out unreadable.
     */
    ValueStream(final Path dir)
    {
        this.dir = dir;
    }

    /**
     * @param value  the value, for example a zero-copy view of the mapped pages.
     * @param format the encoding.
     * @param out    where its encoding goes, without a line break.
     * @throws IOException if writing fails.
     */
    void encoded(final DirectBuffer value, final KeyFormat format, final Writer out) throws IOException
    {
        if (value.capacity() <= PIECE)
        {
            out.write(format.encode(copy(value, 0, value.capacity())));
            return;
        }
        switch (format)
        {
            case JSON:
                json(value, out);
                break;
            case BASE64:
                base64(value, out);
                break;
            default:
                for (int at = 0; at < value.capacity(); at += PIECE)
                {
                    out.write(format.encode(copy(value, at, Math.min(PIECE, value.capacity() - at))));
                }
        }
    }

    /**
     * @param value the value.
     * @param out   where its bytes go, as they are.
     * @throws IOException if writing fails.
     */
    void raw(final DirectBuffer value, final OutputStream out) throws IOException
    {
        for (int at = 0; at < value.capacity(); at += PIECE)
        {
            final int length = Math.min(PIECE, value.capacity() - at);
            read(value, at, length);
            out.write(piece, 0, length);
        }
    }

    private void base64(final DirectBuffer value, final Writer out) throws IOException
    {
        for (int at = 0; at < value.capacity(); at += PIECE)
        {
            out.write(Base64.getEncoder().encodeToString(copy(value, at, Math.min(PIECE, value.capacity() - at))));
        }
    }

    private void json(final DirectBuffer value, final Writer out) throws IOException
    {
        try (JsonGenerator generator = JsonStyle.line(out))
        {
            json(value, generator);
        }
        catch (final JacksonIOException ex)
        {
            throw ex.getCause();
        }
    }

    /**
     * @param value     the value, of any size.
     * @param generator where its {@link KeyFormat#JSON} encoding goes: a string read from the
     *                  value in pieces, or {@code {"base64":...}} streamed the same way.
     * @throws IOException if writing fails.
     */
    void json(final DirectBuffer value, final JsonGenerator generator) throws IOException
    {
        if (value.capacity() <= PIECE)
        {
            JsonBytes.write(generator, copy(value, 0, value.capacity()));
            return;
        }
        try
        {
            if (isUtf8(value))
            {
                final Reader text = new InputStreamReader(new DirectBufferInputStream(value), StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
                generator.writeString(text, -1);
            }
            else
            {
                generator.writeStartObject();
                generator.writeName(JsonBytes.BASE64_FIELD);
                generator.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, new DirectBufferInputStream(value), value.capacity());
                generator.writeEndObject();
            }
        }
        catch (final InternalError ex)
        {
            throw unreadable(ex);
        }
    }

    private boolean isUtf8(final DirectBuffer value)
    {
        utf8.reset();
        final ByteBuffer bytes = ByteBuffer.allocate(PIECE + 4);
        for (int at = 0; at < value.capacity(); at += PIECE)
        {
            final int length = Math.min(PIECE, value.capacity() - at);
            read(value, at, length);
            bytes.put(piece, 0, length).flip();
            chars.clear();
            final CoderResult result = utf8.decode(bytes, chars, at + length == value.capacity());
            if (result.isError() || (at + length == value.capacity() && bytes.hasRemaining()))
            {
                return false;
            }
            bytes.compact();
        }
        return true;
    }

    private byte[] copy(final DirectBuffer value, final int at, final int length)
    {
        final byte[] bytes = new byte[length];
        try
        {
            value.getBytes(at, bytes);
        }
        catch (final InternalError ex)
        {
            throw unreadable(ex);
        }
        return bytes;
    }

    private void read(final DirectBuffer value, final int at, final int length)
    {
        try
        {
            value.getBytes(at, piece, 0, length);
        }
        catch (final InternalError ex)
        {
            throw unreadable(ex);
        }
    }

    private CorruptStoreException unreadable(final InternalError ex)
    {
        final CorruptStoreException corrupt = new CorruptStoreException(dir, CorruptStoreException.UNKNOWN,
            CorruptStoreException.UNKNOWN, "a mapped page could not be read: a segment file is shorter than the store says");
        corrupt.initCause(ex);
        return corrupt;
    }
}
