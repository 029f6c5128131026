package io.pagekv.io;

import io.pagekv.CorruptStoreException;
import io.pagekv.StoreIOException;
import io.pagekv.StorePoisonedException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one place where failures of the operating system and of mapped memory become the store's
 * typed exceptions (in the manner of lmdbjava's {@code ResultCodeMapper}): every layer reports an
 * {@link IOException} or a mapped-read fault through here, so that messages name the store and
 * say what was being done, and the same failure always has the same type.
 */
public final class ErrorMapper
{
    private ErrorMapper()
    {
    }

    /**
     * @param what  what was being done, naming the file or store, for example "cannot open store /data".
     * @param cause the failure.
     * @return a {@link StoreIOException}: the operation failed and changed nothing visible.
     */
    public static StoreIOException io(final String what, final IOException cause)
    {
        return new StoreIOException(what, cause);
    }

    /**
     * @param dir   the store directory.
     * @param what  which write or force failed and what it means for durability.
     * @param cause the failure.
     * @return a {@link StorePoisonedException}: after a failed force nothing more may be built on the log.
     */
    public static StorePoisonedException poisoned(final Path dir, final String what, final IOException cause)
    {
        return new StorePoisonedException("store " + dir + " is poisoned: " + what + " (" + cause.getMessage() +
            "); close and reopen it to recover the last durable commit", cause);
    }

    /**
     * @param dir   the store directory.
     * @param fault the {@link InternalError} the JVM raises when a mapped read faults.
     * @return a {@link CorruptStoreException}: a segment file was truncated under its mapping or its disk failed.
     */
    public static CorruptStoreException mappedFault(final Path dir, final InternalError fault)
    {
        final CorruptStoreException ex = new CorruptStoreException(dir, CorruptStoreException.UNKNOWN,
            CorruptStoreException.UNKNOWN, "a mapped page could not be read (" + fault.getMessage() +
            "); a segment file was truncated or its disk failed");
        ex.initCause(fault);
        return ex;
    }
}
