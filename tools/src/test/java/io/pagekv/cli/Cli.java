package io.pagekv.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs {@code pagekv} commands in this process with captured streams.
 */
final class Cli
{
    private Cli()
    {
    }

    /**
     * What one command did.
     *
     * @param status the exit status.
     * @param out    standard output as bytes.
     * @param err    standard error as text.
     */
    record Result(int status, byte[] out, String err)
    {
        /**
         * @return standard output as text.
         */
        String text()
        {
            return new String(out, StandardCharsets.UTF_8);
        }

        /**
         * @return standard error without a trailing newline.
         */
        String errLine()
        {
            return err.strip();
        }

        @Override
        public String toString()
        {
            return "status " + status + "\n--- out\n" + text() + "\n--- err\n" + err;
        }
    }

    static Result run(final String... args)
    {
        return run(new byte[0], false, args);
    }

    static Result withInput(final byte[] stdin, final String... args)
    {
        return run(stdin, false, args);
    }

    static Result interactive(final String... args)
    {
        return run(new byte[0], true, args);
    }

    static Result run(final byte[] stdin, final boolean interactive, final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Streams streams = new Streams(new ByteArrayInputStream(stdin), out,
            new PrintStream(err, true, StandardCharsets.UTF_8), interactive);
        final int status = Main.run(streams, args);
        return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }
}
