package io.pagekv.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The standard streams a command works with, passed in so that tests run commands in-process.
 * Text goes to {@link #out()}, a buffered writer that reports write failures (a closed pipe, a
 * full disk) as exceptions instead of swallowing them; messages and progress go to
 * {@link #err()}.
 *
 * <p>Not thread-safe: one command runs at a time.
 */
public final class Streams
{
    /** Standard output's name in messages. */
    static final String STDOUT = "standard output";
    private final InputStream in;
    private final OutputStream rawOut;
    private final PrintStream err;
    private final boolean interactive;
    private final BufferedWriter out;

    /**
     * @param in          standard input.
     * @param out         standard output.
     * @param err         standard error.
     * @param interactive whether a person watches standard error on a terminal: then long work shows progress there.
     */
    public Streams(final InputStream in, final OutputStream out, final PrintStream err, final boolean interactive)
    {
        this(in, NamedStreams.output(out, STDOUT), err, interactive, null);
    }

    private Streams(final InputStream in, final OutputStream rawOut, final PrintStream err, final boolean interactive,
        final BufferedWriter out)
    {
        this.in = in;
        this.rawOut = rawOut;
        this.err = err;
        this.interactive = interactive;
        this.out = out != null ? out : new BufferedWriter(new OutputStreamWriter(rawOut, StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * @param progress whether long work shows progress, as {@code --progress} or {@code --no-progress} say.
     * @return the same streams, with that choice.
     */
    Streams withProgress(final boolean progress)
    {
        return new Streams(in, rawOut, err, progress, out);
    }

    /**
     * @return standard output for raw bytes, unbuffered; flush {@link #out()} before writing to it.
     */
    OutputStream rawOut()
    {
        return rawOut;
    }

    /**
     * @return standard input, unbuffered.
     */
    public InputStream in()
    {
        return in;
    }

    /**
     * @return standard output for text; flushed when the command ends.
     */
    public Writer out()
    {
        return out;
    }

    /**
     * @return standard error, for messages and progress.
     */
    public PrintStream err()
    {
        return err;
    }

    /**
     * @return whether progress should be shown on {@link #err()}.
     */
    public boolean interactive()
    {
        return interactive;
    }

    /**
     * Writes buffered text through.
     *
     * @throws IOException if standard output fails.
     */
    public void flush() throws IOException
    {
        out.flush();
        rawOut.flush();
    }
}
