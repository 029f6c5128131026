package io.pagekv;

import io.pagekv.io.FileIO;

/**
 * The tests' way into {@link StoreOptions}' file seam, which is not public API: every write and
 * force of a store opened with the result goes through {@code io}.
 */
public final class FileSeam
{
    private FileSeam()
    {
    }

    /**
     * @param options the options.
     * @param io      the file seam to use.
     * @return a copy of {@code options} using {@code io}.
     */
    public static StoreOptions with(final StoreOptions options, final FileIO io)
    {
        return options.withFileIO(io);
    }
}
