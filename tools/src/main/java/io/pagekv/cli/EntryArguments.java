package io.pagekv.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/**
 * The arguments of a command that works on one entry ({@code get}, {@code put}, {@code patch},
 * {@code counter}), for {@code @Mixin}: DIR and KEY, the first two positional parameters, and
 * the encodings {@code --format} and {@code --input-format} that KEY (and any value given as an
 * argument) is read in.
 */
final class EntryArguments
{
    @Parameters(index = "0", paramLabel = "DIR", description = "The store directory.")
    private Path dir;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key, encoded with --format.")
    private String key;

    @Mixin
    private EncodingOption encoding;

    @Mixin
    private InputEncodingOption input;

    /**
     * @return the store directory.
     */
    Path dir()
    {
        return dir;
    }

    /**
     * @return KEY as typed.
     */
    String key()
    {
        return key;
    }

    /**
     * @return the {@code --format} in effect: how keys and values are printed.
     */
    KeyFormat format()
    {
        return encoding.format();
    }

    /**
     * @return the encoding that arguments are read in.
     */
    KeyFormat inputFormat()
    {
        return input.or(encoding.format());
    }
}
