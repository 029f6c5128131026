/**
 * The audit trail of every write: hooks that see (and may veto) each write before it takes
 * effect ({@link io.pagekv.audit.AuditHook}, {@link io.pagekv.audit.AuditEvent}), the caller's
 * {@link io.pagekv.audit.AuditContext} carried into other threads, and the ready-made sinks
 * ({@link io.pagekv.audit.AuditSinks}: JFR, a hash-chained durable log, a live tail in shared memory)
 * with their readers ({@link io.pagekv.audit.AuditLogVerifier}, {@link io.pagekv.audit.AuditTailReader}).
 * Public API, the one besides {@code io.pagekv}; {@link io.pagekv.audit.Audit} is the store's seam, not API.
 * May use {@code io}, {@code format} and the exception types of {@code io.pagekv}.
 */
package io.pagekv.audit;
