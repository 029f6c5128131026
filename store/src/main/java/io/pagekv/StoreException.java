package io.pagekv;

/**
 * The root of every error pagekv reports. Unchecked, like {@link java.io.UncheckedIOException}:
 * a storage failure is rarely something the immediate caller can repair.
 */
public class StoreException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line a user can act on.
     */
    public StoreException(final String message)
    {
        super(message);
    }

    /**
     * @param message one line a user can act on.
     * @param cause   the underlying failure.
     */
    public StoreException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
