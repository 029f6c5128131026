package io.pagekv.cli;

import io.pagekv.CorruptStoreException;
import io.pagekv.KeyTooLargeException;
import io.pagekv.PatchRefusedException;
import io.pagekv.StoreException;
import io.pagekv.StoreLockedException;
import io.pagekv.ValueTooLargeException;
import picocli.CommandLine;
import tools.jackson.core.exc.JacksonIOException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Turns every failure into an exit status and one line on standard error: {@code pagekv: what
 * went wrong}. The stack trace follows only with {@code --verbose}. Usage errors add a pointer
 * to the command's help. The one place that maps failures to exit statuses, also for picocli
 * ({@link CommandLine.IExitCodeExceptionMapper}).
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler,
    CommandLine.IExitCodeExceptionMapper
{
    private final Streams streams;

    ErrorHandler(final Streams streams)
    {
        this.streams = streams;
    }

    @Override
    public int handleParseException(final CommandLine.ParameterException ex, final String[] args)
    {
        final CommandLine command = ex.getCommandLine();
        final String unknown = unknownCommand(ex);
        if (unknown != null)
        {
            final CommandLine root = root(command);
            streams.err().println("pagekv: unknown command '" + unknown + "': the commands are " +
                String.join(", ", root.getSubcommands().keySet()));
            streams.err().println("Try 'pagekv --help' for more information.");
            return ExitCodes.USAGE;
        }
        streams.err().println("pagekv: " + ex.getMessage());
        streams.err().println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ExitCodes.USAGE;
    }

    /**
     * The same mistake, a command name that does not exist, reaches us two ways: {@code pagekv
     * nosuch} (an unmatched argument at the top) and {@code pagekv help nosuch}.
     *
     * @return the unknown command's name, or null if the error is another one.
     */
    private static String unknownCommand(final CommandLine.ParameterException ex)
    {
        final CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
        if (ex instanceof CommandLine.UnmatchedArgumentException && spec.parent() == null)
        {
            final java.util.List<String> unmatched = ((CommandLine.UnmatchedArgumentException)ex).getUnmatched();
            if (!unmatched.isEmpty() && !unmatched.get(0).startsWith("-"))
            {
                return unmatched.get(0);
            }
        }
        final String prefix = "Unknown subcommand '";
        if (ex.getMessage() != null && ex.getMessage().startsWith(prefix))
        {
            return ex.getMessage().substring(prefix.length(), ex.getMessage().lastIndexOf('\''));
        }
        return null;
    }

    private static CommandLine root(final CommandLine command)
    {
        CommandLine root = command;
        while (root.getParent() != null)
        {
            root = root.getParent();
        }
        return root;
    }

    @Override
    public int handleExecutionException(
        final Exception ex, final CommandLine command, final CommandLine.ParseResult parseResult)
    {
        if (isBrokenPipe(ex))
        {
            // The reader went away (pagekv scan | head): stop quietly, as a filter should.
            return ExitCodes.OK;
        }
        streams.err().println("pagekv: " + message(ex));
        if (verbose(parseResult))
        {
            ex.printStackTrace(streams.err());
        }
        return exitCode(ex);
    }

    @Override
    public int getExitCode(final Throwable ex)
    {
        return exitCode(ex);
    }

    /**
     * @param ex a failure.
     * @return the exit status it gets.
     */
    static int exitCode(final Throwable ex)
    {
        if (ex instanceof OutOfResourcesException)
        {
            return ExitCodes.OUT_OF_MEMORY;
        }
        if (ex instanceof CorruptStoreException)
        {
            return ExitCodes.CORRUPT;
        }
        if (ex instanceof StoreLockedException)
        {
            return ExitCodes.LOCKED;
        }
        if (ex instanceof BadInputException || ex instanceof KeyTooLargeException || ex instanceof ValueTooLargeException)
        {
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof PatchRefusedException refused)
        {
            return refused.reason() == PatchRefusedException.Reason.MISSING_KEY ? ExitCodes.NOT_FOUND : ExitCodes.BAD_INPUT;
        }
        if (ex instanceof NoStoreException)
        {
            return ExitCodes.NO_STORE;
        }
        if (ex instanceof JacksonIOException)
        {
            return exitCode(ex.getCause());
        }
        if (ex instanceof StoreException || ex instanceof IOException || ex instanceof UncheckedIOException)
        {
            return ExitCodes.IO_ERROR;
        }
        return ExitCodes.INTERNAL;
    }

    /**
     * @param ex a failure.
     * @return one line saying what went wrong.
     */
    static String message(final Throwable ex)
    {
        if (ex instanceof StoreLockedException)
        {
            return ex.getMessage() + " (read commands still work: info, get, scan, dump, verify, stats)";
        }
        if (ex instanceof UncheckedIOException || ex instanceof JacksonIOException)
        {
            return message(ex.getCause());
        }
        if (ex instanceof FileSystemException)
        {
            return fileMessage((FileSystemException)ex);
        }
        if (ex instanceof IOException)
        {
            return "I/O error: " + ex.getMessage();
        }
        if (exitCode(ex) == ExitCodes.INTERNAL)
        {
            return "internal error: " + ex + " (rerun with --verbose and report the stack trace)";
        }
        return firstLine(ex.getMessage());
    }

    private static String fileMessage(final FileSystemException ex)
    {
        final String file = ex.getOtherFile() == null ? ex.getFile() : ex.getFile() + " -> " + ex.getOtherFile();
        if (ex instanceof NoSuchFileException)
        {
            return "no such file: " + file;
        }
        if (ex instanceof AccessDeniedException)
        {
            return "permission denied: " + file;
        }
        if (ex instanceof FileAlreadyExistsException)
        {
            return "file exists: " + file;
        }
        return "I/O error: " + file + ": " + (ex.getReason() == null ? "cannot be read or written" : ex.getReason());
    }

    private static String firstLine(final String message)
    {
        if (message == null)
        {
            return "(no message)";
        }
        final int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static boolean isBrokenPipe(final Throwable ex)
    {
        for (Throwable t = ex; t != null; t = t.getCause())
        {
            if (t instanceof IOException && "Broken pipe".equals(t.getMessage()))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean verbose(final CommandLine.ParseResult parseResult)
    {
        for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand())
        {
            if (r.hasMatchedOption(PagekvCommand.VERBOSE))
            {
                return true;
            }
        }
        return false;
    }
}
