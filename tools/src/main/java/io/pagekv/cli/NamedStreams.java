package io.pagekv.cli;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;

/**
 * Streams whose failures name what they read or write: the operating system says "No space left
 * on device" or "Is a directory" without saying where, so every I/O error is rethrown with the
 * file (or "standard output") in front.
 */
final class NamedStreams
{
    private NamedStreams()
    {
    }

    /**
     * @param in   a stream.
     * @param name what it reads, for messages.
     * @return the stream, with failures naming it.
     */
    static InputStream input(final InputStream in, final String name)
    {
        return new FilterInputStream(in)
        {
            @Override
            public int read() throws IOException
            {
                try
                {
                    return super.read();
                }
                catch (final IOException ex)
                {
                    throw named(name, ex);
                }
            }

            @Override
            public int read(final byte[] b, final int off, final int len) throws IOException
            {
                try
                {
                    return in.read(b, off, len);
                }
                catch (final IOException ex)
                {
                    throw named(name, ex);
                }
            }
        };
    }

    /**
     * @param out  a stream.
     * @param name what it writes, for messages.
     * @return the stream, with failures naming it.
     */
    static OutputStream output(final OutputStream out, final String name)
    {
        return new FilterOutputStream(out)
        {
            @Override
            public void write(final int b) throws IOException
            {
                try
                {
                    out.write(b);
                }
                catch (final IOException ex)
                {
                    throw named(name, ex);
                }
            }

            @Override
            public void write(final byte[] b, final int off, final int len) throws IOException
            {
                try
                {
                    out.write(b, off, len);
                }
                catch (final IOException ex)
                {
                    throw named(name, ex);
                }
            }

            @Override
            public void flush() throws IOException
            {
                try
                {
                    out.flush();
                }
                catch (final IOException ex)
                {
                    throw named(name, ex);
                }
            }
        };
    }

    /**
     * @param name what was read or written.
     * @param ex   the failure.
     * @return a failure whose message starts with {@code name}.
     */
    static IOException named(final String name, final IOException ex)
    {
        if (ex instanceof FileSystemException || (ex.getMessage() != null && ex.getMessage().startsWith(name + ": ")))
        {
            return ex;
        }
        return new IOException(name + ": " + (ex.getMessage() == null ? "read or write failed" : ex.getMessage()), ex);
    }
}
