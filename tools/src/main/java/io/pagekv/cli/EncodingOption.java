package io.pagekv.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --format} option of every command that reads or prints keys and values.
 */
final class EncodingOption
{
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
        description = "Encoding of keys and values: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). " +
            "text: printable ASCII as is, \\\\ for a backslash, \\xHH for any other byte.")
    private KeyFormat format;

    /**
     * @return the chosen encoding.
     */
    KeyFormat format()
    {
        return format;
    }
}
