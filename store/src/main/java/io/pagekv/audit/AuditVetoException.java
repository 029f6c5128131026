package io.pagekv.audit;

import io.pagekv.StoreException;

/**
 * An audit hook refused a write: nothing of the write was applied. After a vetoed put or delete
 * the transaction is unchanged and still usable; after a vetoed commit the transaction is aborted
 * (nothing of it is visible, the writer lock is released).
 */
public final class AuditVetoException extends StoreException
{
    private static final long serialVersionUID = 1L;

    private final String hook;
    private final String reason;
    private final AuditKind kind;
    private final long txnId;

    /**
     * @param hook   the vetoing hook's {@link AuditHook#name()}.
     * @param reason what it said (its exception's message, or the exception's class without one).
     * @param kind   the vetoed write's kind.
     * @param txnId  the vetoed write's transaction.
     * @param cause  what the hook threw.
     */
    public AuditVetoException(final String hook, final String reason, final AuditKind kind, final long txnId, final Throwable cause)
    {
        super("audit hook " + hook + " vetoed " + kind + " in txn " + txnId + ": " + reason, cause);
        this.hook = hook;
        this.reason = reason;
        this.kind = kind;
        this.txnId = txnId;
    }

    /** @return the name of the hook that vetoed. */
    public String hook()
    {
        return hook;
    }

    /** @return why, in the hook's words. */
    public String reason()
    {
        return reason;
    }

    /** @return what was vetoed. */
    public AuditKind kind()
    {
        return kind;
    }

    /** @return the transaction of the vetoed write. */
    public long txnId()
    {
        return txnId;
    }
}
