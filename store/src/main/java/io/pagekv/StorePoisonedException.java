package io.pagekv;

/**
 * A force to disk failed, so pagekv can no longer tell what is durable. The store refuses all
 * further work, and every call says why; close it and open it again to recover the last
 * durable commit. A failed force is never retried (the lesson of PostgreSQL's fsyncgate).
 */
public class StorePoisonedException extends StoreException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed.
     * @param cause   the original failure.
     */
    public StorePoisonedException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
