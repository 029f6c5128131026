package io.pagekv.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --input-format} option of commands that take keys or values as arguments: how
 * KEY, VALUE, {@code --prefix}, {@code --from} and {@code --to} are read when that differs from
 * {@code --format}, for example to type a key as text and print its value as JSON.
 */
final class InputEncodingOption
{
    @Option(names = "--input-format", paramLabel = "FORMAT", converter = EncodingOption.Converter.class,
        description = "Encoding of keys and values given as arguments, when it differs from --format: ${COMPLETION-CANDIDATES}.")
    private KeyFormat inputFormat;

    /**
     * @param format the {@code --format} in effect.
     * @return the encoding arguments are read in.
     */
    KeyFormat or(final KeyFormat format)
    {
        return inputFormat != null ? inputFormat : format;
    }
}
