package io.pagekv.audit;

/**
 * A ready-made sink attached to one store: it sees the writes every hook accepted (before they
 * take effect), the vetoes, and how each transaction ended. It never vetoes; a recorder that
 * cannot record (the durable log cannot write) refuses the write with a {@code StoreException}.
 *
 * <p>Called on the writing thread, under the store's writer lock for transactional events.
 */
interface Recorder
{
    /**
     * @param event a write every hook accepted, about to take effect.
     */
    void accepted(AuditEvent event);

    /**
     * @param event a write a hook vetoed.
     * @param veto  the veto.
     */
    void vetoed(AuditEvent event, AuditVetoException veto);

    /**
     * @param txnId     a transaction that ended.
     * @param committed whether its commit took effect (else it was aborted, vetoed or failed).
     */
    void ended(long txnId, boolean committed);

    /** At the store's close, after the close event. */
    void close();
}
