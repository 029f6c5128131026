package io.pagekv.txn;

import java.io.IOException;

/**
 * A force of the log failed: pages written since the last successful force may be lost, and a
 * retry could succeed without them, so the store must be poisoned (never retried).
 */
public final class ForceFailedException extends IOException
{
    private static final long serialVersionUID = 1L;

    ForceFailedException(final IOException cause)
    {
        super(cause.getMessage(), cause);
    }
}
