package io.pagekv.audit;

/**
 * Sees every write of a store before it takes effect, and may veto it by throwing.
 *
 * <pre>{@code
 * store.addAuditHook(event -> {
 *     if (event.kind() == AuditKind.DELETE && !"admin".equals(event.context().principal())) {
 *         throw new SecurityException("only admin deletes");
 *     }
 * });
 * }</pre>
 *
 * <p>Called on the writing thread, for puts, deletes and commits while it holds the store's
 * writer lock: a slow hook slows every writer (readers are never blocked) but corrupts nothing.
 * A {@code WriteBatch}'s events come on the thread that commits the batch, which may be another
 * writer's ({@code Store.write} combines the batches of concurrent writers), inside the audit
 * context of the thread that wrote the batch; each batch is then a transaction of its own.
 * Backup and compaction events come on the calling thread, possibly while another thread's
 * transaction runs the hook: a hook that keeps state must be thread-safe.
 * A hook must not write to the store it watches (the writer lock refuses a nested write).
 * Hooks cannot be removed once added.
 */
@FunctionalInterface
public interface AuditHook
{
    /**
     * Sees one write before it takes effect.
     *
     * @param event the write; valid only during the call (its value accessor throws afterwards).
     * @throws Exception to veto the write: nothing of it is applied and the writer gets an
     *         {@link AuditVetoException} naming this hook ({@link #name()}) and the exception's message.
     */
    void before(AuditEvent event) throws Exception;

    /** @return the name a veto reports; the class name unless overridden. */
    default String name()
    {
        return getClass().getName();
    }
}
