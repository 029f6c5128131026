package io.pagekv.audit;

/**
 * What a write is. The code is what the durable log stores ({@code docs/audit.md}); it never changes
 * meaning and is never reused.
 */
public enum AuditKind
{
    /** A store opened for writing; txn id is the head it opened at. */
    OPEN(1),
    /** A store closing; txn id is its head. Cannot be vetoed (see {@code docs/audit.md}). */
    CLOSE(2),
    /** A put in a write transaction: key and value length. */
    PUT(3),
    /** A delete in a write transaction: key. */
    DELETE(4),
    /** A commit, with the counts of puts and deletes it holds and the pages it writes. */
    COMMIT(5),
    /** An online compaction: manual, or a step of the automatic one. Its moving commits are COMMIT events of their own. */
    COMPACTION(6),
    /** A hot backup; detail names the target. */
    BACKUP(7),
    /** An offline compaction of the store's directory. */
    OFFLINE_COMPACTION(8),
    /** An in-place patch of a stored value (in-place patches). */
    PATCH(9),
    /** An atomic update of a counter inside a value (shared counters). */
    COUNTER(10),
    /** A value handed to another process (zero-copy export). */
    EXPORT(11);

    private static final AuditKind[] BY_CODE = new AuditKind[16];

    static
    {
        for (final AuditKind kind : values())
        {
            BY_CODE[kind.code] = kind;
        }
    }

    private final int code;

    AuditKind(final int code)
    {
        this.code = code;
    }

    /** @return the number the durable log and the live tail store for this kind. */
    public int code()
    {
        return code;
    }

    /**
     * @param code a stored kind code.
     * @return the kind, or null if this build does not know the code.
     */
    public static AuditKind ofCode(final int code)
    {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
