package io.pagekv.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard error is a terminal, where progress lines belong. {@link System#console()}
 * answers for standard input and output instead, so {@code cat dump | pagekv load DIR} on a
 * terminal would show no progress: on Linux, {@code /proc/self/fd/2} names the terminal device.
 */
final class StderrTerminal
{
    private static final Path STDERR = Path.of("/proc/self/fd/2");

    private StderrTerminal()
    {
    }

    /**
     * @return whether standard error is a terminal; where {@code /proc} is missing, whether the JVM has a console.
     */
    static boolean detect()
    {
        if (!Files.isSymbolicLink(STDERR))
        {
            return System.console() != null;
        }
        try
        {
            return isTerminalDevice(Files.readSymbolicLink(STDERR).toString());
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
