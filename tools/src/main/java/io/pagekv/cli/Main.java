package io.pagekv.cli;

import picocli.CommandLine;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Entry point of {@code pagekv.jar}: runs one command and exits with its status.
 */
public final class Main
{
    private static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";

    private Main()
    {
    }

    /**
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        if (System.getProperty(LOG_FORMAT) == null)
        {
            // The store logs rare warnings (an unreadable newer checkpoint): one line each, like our errors.
            System.setProperty(LOG_FORMAT, "pagekv: %4$s: %5$s%6$s%n");
        }
        // System.in, not a FileInputStream of fd 0: on Java 17 the latter's readAllBytes seeks, which fails on a pipe.
        final Streams streams = new Streams(System.in, new FileOutputStream(FileDescriptor.out),
            new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8), Terminals.stderr());
        System.exit(run(streams, args));
    }

    /**
     * Runs one command on the given streams, in this process.
     *
     * @param streams the standard streams.
     * @param args    the command line.
     * @return the exit status ({@link ExitCodes}).
     */
    public static int run(final Streams streams, final String... args)
    {
        final ErrorHandler errors = new ErrorHandler(streams);
        final CommandLine commandLine = new CommandLine(new PagekvCommand(streams))
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setOut(new PrintWriter(streams.out(), true))
            .setErr(new PrintWriter(streams.err(), true))
            .setExecutionExceptionHandler(errors)
            .setParameterExceptionHandler(errors)
            .setExitCodeExceptionMapper(errors);
        WholeNumbers.register(commandLine);
        final int status = commandLine.execute(args);
        if (status != ExitCodes.OK)
        {
            // A failed command flushed already; a second failure to write would print a second line.
            return status;
        }
        try
        {
            streams.flush();
        }
        catch (final IOException ex)
        {
            return errors.handleExecutionException(ex, commandLine, null);
        }
        return status;
    }
}
