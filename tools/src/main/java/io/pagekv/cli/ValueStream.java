package io.pagekv.cli;

import io.pagekv.CorruptStoreException;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.OutputStream;
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
    private final StringBuilder text = new StringBuilder(PIECE * 2);

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
        if (!isUtf8(value))
        {
            out.write("{" + JsonText.quote(JsonText.BASE64_FIELD) + ":\"");
            base64(value, out);
            out.write("\"}");
            return;
        }
        out.write('"');
        utf8.reset();
        final ByteBuffer bytes = ByteBuffer.allocate(PIECE + 4);
        for (int at = 0; at < value.capacity(); at += PIECE)
        {
            final int length = Math.min(PIECE, value.capacity() - at);
            read(value, at, length);
            bytes.put(piece, 0, length).flip();
            chars.clear();
            utf8.decode(bytes, chars, at + length == value.capacity());
            bytes.compact();
            chars.flip();
            text.setLength(0);
            JsonText.escape(chars, text);
            out.append(text);
        }
        out.write('"');
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
