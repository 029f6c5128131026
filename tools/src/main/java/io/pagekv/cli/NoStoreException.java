package io.pagekv.cli;

import java.nio.file.Path;

/**
 * A directory given as a store is missing, is a file, or holds other things than a pagekv store.
 * Exit status {@link ExitCodes#NO_STORE}.
 */
public final class NoStoreException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param dir the directory.
     * @param why why it is not a store, for example {@code "no such directory"}.
     */
    public NoStoreException(final Path dir, final String why)
    {
        super("no pagekv store at " + dir + ": " + why);
    }
}
