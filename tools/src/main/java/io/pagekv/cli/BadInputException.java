package io.pagekv.cli;

/**
 * Input that {@code pagekv} refuses: a malformed or truncated dump, an undecodable key or value,
 * an oversized key. Thrown before anything is written, so the store is unchanged.
 * Exit status {@link ExitCodes#BAD_INPUT}.
 */
public final class BadInputException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and where, in one line.
     */
    public BadInputException(final String message)
    {
        super(message);
    }

    /**
     * @param message what is wrong and where, in one line.
     * @param cause   the underlying failure.
     */
    public BadInputException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
