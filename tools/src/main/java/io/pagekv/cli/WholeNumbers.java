package io.pagekv.cli;

import picocli.CommandLine;

/**
 * Reads whole-number options ({@code --limit}, {@code --batch}, {@code --skip}) with a message
 * that users understand: "'abc' is not a whole number" rather than Java's "is not a long".
 */
final class WholeNumbers
{
    private WholeNumbers()
    {
    }

    /**
     * @param commandLine the command line whose options use these converters.
     */
    static void register(final CommandLine commandLine)
    {
        commandLine.registerConverter(Long.class, WholeNumbers::toLong);
        commandLine.registerConverter(Long.TYPE, WholeNumbers::toLong);
        commandLine.registerConverter(Integer.class, WholeNumbers::toInt);
        commandLine.registerConverter(Integer.TYPE, WholeNumbers::toInt);
    }

    private static Long toLong(final String text)
    {
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a whole number");
        }
    }

    private static Integer toInt(final String text)
    {
        final long value = toLong(text);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)
        {
            throw new CommandLine.TypeConversionException("'" + text + "' is out of range: at most " + Integer.MAX_VALUE);
        }
        return (int)value;
    }
}
