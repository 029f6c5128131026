package io.pagekv;

/**
 * A store, transaction, snapshot or cursor was used after it was closed.
 */
public class StoreClosedException extends StoreException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param what what was closed, for example {@code "snapshot of txn 12"}.
     */
    public StoreClosedException(final String what)
    {
        super(what + " is closed");
    }
}
