package io.pagekv.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The {@code --format} option of every command that reads or prints keys and values: the
 * encoding of keys and values in output and, unless {@code --input-format} says otherwise, in
 * arguments, so that whatever pagekv prints can be given back to it.
 */
final class EncodingOption
{
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text", converter = Converter.class,
        description = "Encoding of keys and values, printed and given: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). " +
            "text: printable ASCII as is, \\\\ for a backslash, \\xHH for any other byte.")
    private KeyFormat format;

    /**
     * @return the chosen encoding.
     */
    KeyFormat format()
    {
        return format;
    }

    /** Reads a format name in any case, and names the choices when it is none of them. */
    static final class Converter implements CommandLine.ITypeConverter<KeyFormat>
    {
        @Override
        public KeyFormat convert(final String name)
        {
            for (final KeyFormat format : KeyFormat.values())
            {
                if (format.toString().equalsIgnoreCase(name))
                {
                    return format;
                }
            }
            throw new CommandLine.TypeConversionException("unknown format '" + name + "': use text, hex, base64 or json");
        }
    }
}
