package io.pagekv.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a standard stream is a terminal: standard error, where progress lines belong, and
 * standard input, which the shell reads with line editing. {@link System#console()} answers
 * for input and output together, so {@code cat dump | pagekv load DIR} on a terminal would show
 * no progress: on Linux, {@code /proc/self/fd/N} names the terminal device.
 */
final class Terminals
{
    private Terminals()
    {
    }

    /**
     * @return whether standard error is a terminal.
     */
    static boolean stderr()
    {
        return isTerminal(2);
    }

    /**
     * @return whether standard output is a terminal.
     */
    static boolean stdout()
    {
        return isTerminal(1);
    }

    /**
     * @return whether standard input is a terminal.
     */
    static boolean stdin()
    {
        return isTerminal(0);
    }

    /**
     * @param fd a file descriptor of this process.
     * @return whether it is a terminal; where {@code /proc} is missing, whether the JVM has a console.
     */
    private static boolean isTerminal(final int fd)
    {
        final Path link = Path.of("/proc/self/fd/" + fd);
        if (!Files.isSymbolicLink(link))
        {
            return System.console() != null;
        }
        try
        {
            return isTerminalDevice(Files.readSymbolicLink(link).toString());
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            return false;
        }
    }

    /**
     * @param device what file descriptor 2 points to.
     * @return whether it is a terminal device.
     */
    static boolean isTerminalDevice(final String device)
    {
        return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
    }
}
