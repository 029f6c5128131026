package io.pagekv.cli;

import io.pagekv.ValueTooLargeException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a value's raw bytes from a file or a stream with its size checked first: a regular
 * file's length before any byte is read, a pipe's as it arrives, so a value the store cannot
 * take is refused without reading it into memory.
 */
final class ValueInput
{
    private static final int PIECE = 1 << 16;

    private ValueInput()
    {
    }

    /**
     * @param file     the file.
     * @param maxBytes the largest value the store takes.
     * @return its bytes.
     * @throws ValueTooLargeException if it is longer than {@code maxBytes}; nothing was read.
     * @throws IOException            if it cannot be read; the message names it.
     */
    static byte[] file(final Path file, final int maxBytes) throws IOException
    {
        final BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (attributes.isDirectory())
        {
            throw new IOException(file + ": is a directory, not a file");
        }
        if (attributes.isRegularFile() && attributes.size() > maxBytes)
        {
            throw new ValueTooLargeException(attributes.size(), maxBytes);
        }
        try (InputStream in = NamedStreams.input(Files.newInputStream(file), file.toString()))
        {
            return stream(in, file.toString(), maxBytes);
        }
    }

    /**
     * @param in       a stream, read to its end.
     * @param name     what it is, for messages.
     * @param maxBytes the largest value the store takes.
     * @return its bytes.
     * @throws BadInputException as soon as more than {@code maxBytes} arrived.
     * @throws IOException       if reading fails.
     */
    static byte[] stream(final InputStream in, final String name, final int maxBytes) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(PIECE);
        final byte[] piece = new byte[PIECE];
        for (int n = in.read(piece); n >= 0; n = in.read(piece))
        {
            if ((long)bytes.size() + n > maxBytes)
            {
                throw new BadInputException("the value from " + name + " is too large: more than " + maxBytes +
                    " bytes arrived; values are 0 to " + maxBytes + " bytes");
            }
            bytes.write(piece, 0, n);
        }
        return bytes.toByteArray();
    }
}
