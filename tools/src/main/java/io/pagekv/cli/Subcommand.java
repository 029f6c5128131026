package io.pagekv.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * What every {@code pagekv} subcommand shares: the standard streams, flushing output when it
 * ends, usage errors for undecodable arguments, and one-line failure messages.
 */
abstract class Subcommand implements Callable<Integer>
{
    @ParentCommand
    private PagekvCommand root;

    @Spec
    private CommandSpec spec;

    /**
     * Runs the command and writes its buffered output through.
     *
     * @return the exit status.
     * @throws Exception any failure, mapped to a status by {@link ErrorHandler}.
     */
    @Override
    public final Integer call() throws Exception
    {
        try
        {
            final int status = execute();
            streams().flush();
            return status;
        }
        catch (final OutOfMemoryError | StackOverflowError error)
        {
            // The stack has unwound: what the command held is garbage now, and there is room to report.
            throw flushing(OutOfResourcesException.of(error));
        }
        catch (final Exception ex)
        {
            throw flushing(ex);
        }
    }

    private <T extends Exception> T flushing(final T ex)
    {
        try
        {
            streams().flush();
        }
        catch (final IOException suppressed)
        {
            ex.addSuppressed(suppressed);
        }
        return ex;
    }

    /**
     * @return the exit status ({@link ExitCodes}).
     * @throws Exception any failure.
     */
    protected abstract int execute() throws Exception;

    /**
     * @return the standard streams.
     */
    protected final Streams streams()
    {
        return root.streams();
    }

    /**
     * Decodes a key or value given on the command line.
     *
     * @param format the encoding.
     * @param label  the argument's name in messages, for example {@code "KEY"}.
     * @param text   the argument.
     * @return the bytes.
     * @throws CommandLine.ParameterException (a usage error) if {@code text} is not valid in {@code format}.
     */
    protected final byte[] decodeArgument(final KeyFormat format, final String label, final String text)
    {
        try
        {
            return format.decode(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw usageError(label + " '" + text + "' is not valid " + format + ": " + ex.getMessage() +
                (format == KeyFormat.TEXT ? "" : " (to type it as text, add --input-format text)"));
        }
    }

    /**
     * @param message what is wrong with the command line.
     * @return a usage error to throw.
     */
    protected final CommandLine.ParameterException usageError(final String message)
    {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /**
     * Prints {@code pagekv: message} on standard error, after what the command wrote to standard
     * output so far, so that on a terminal the message comes last.
     *
     * @param status  the exit status to return.
     * @param message one line.
     * @return {@code status}.
     * @throws IOException if standard output fails.
     */
    protected final int fail(final int status, final String message) throws IOException
    {
        streams().flush();
        streams().err().println("pagekv: " + message);
        return status;
    }
}
