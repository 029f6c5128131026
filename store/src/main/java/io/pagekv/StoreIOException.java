package io.pagekv;

/**
 * An I/O operation failed (for example a full disk while writing a commit). When it is thrown
 * by a commit, nothing of that transaction is visible and earlier commits are intact; the store
 * keeps working and accepts writes again once the cause is gone.
 */
public class StoreIOException extends StoreException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the file.
     * @param cause   the I/O failure.
     */
    public StoreIOException(final String message, final Throwable cause)
    {
        super(message + ": " + cause.getMessage(), cause);
    }
}
