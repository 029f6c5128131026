package io.pagekv.audit;

import java.nio.file.Path;

/**
 * One write, seen before it takes effect: its kind, the store, the transaction, the time, the
 * key and the value's length, the counts a commit holds, and the writer's {@link AuditContext}.
 * The value is not copied unless a hook asks for it through {@link #value()}, which works only
 * during the hook call.
 *
 * <p>Not thread-safe: a hook reads it on the writing thread, during its call.
 */
public final class AuditEvent
{
    private final AuditKind kind;
    private final Path store;
    private final long txnId;
    private final long timeMillis;
    private final byte[] key;
    private final long valueLength;
    private final int puts;
    private final int deletes;
    private final int pages;
    private final String detail;
    private final AuditContext context;
    private byte[] value;
    private boolean released;

    AuditEvent(final AuditKind kind, final Path store, final long txnId, final byte[] key, final byte[] value, final long valueLength,
        final int puts, final int deletes, final int pages, final String detail, final AuditContext context)
    {
        this.kind = kind;
        this.store = store;
        this.txnId = txnId;
        this.timeMillis = System.currentTimeMillis();
        this.key = key;
        this.value = value;
        this.valueLength = valueLength;
        this.puts = puts;
        this.deletes = deletes;
        this.pages = pages;
        this.detail = detail;
        this.context = context;
    }

    /** @return what the write is. */
    public AuditKind kind()
    {
        return kind;
    }

    /** @return the directory of the store written. */
    public Path store()
    {
        return store;
    }

    /** @return the transaction the write belongs to; for open and close, the head's. */
    public long txnId()
    {
        return txnId;
    }

    /** @return when the event was made, in milliseconds since the epoch. */
    public long timeMillis()
    {
        return timeMillis;
    }

    /** @return a copy of the key, or null for a write without one (commit, open, close, compaction, backup). */
    public byte[] key()
    {
        return key == null ? null : key.clone();
    }

    /** @return the key's length, or 0 without a key. */
    public int keyLength()
    {
        return key == null ? 0 : key.length;
    }

    /** @return the length of the value written (a put's value, a patch's bytes), or -1 for a write without one. */
    public long valueLength()
    {
        return valueLength;
    }

    /**
     * A copy of the value written, made on demand.
     *
     * @return the bytes, or null for a write without a value.
     * @throws IllegalStateException after the hook call returned.
     */
    public byte[] value()
    {
        if (released)
        {
            throw new IllegalStateException("an audit event's value can be read only during the hook call");
        }
        return value == null ? null : value.clone();
    }

    /** @return for a commit, the puts it holds; else 0. */
    public int puts()
    {
        return puts;
    }

    /** @return for a commit, the deletes it holds; else 0. */
    public int deletes()
    {
        return deletes;
    }

    /** @return for a commit, the pages it writes; else 0. */
    public int pages()
    {
        return pages;
    }

    /** @return more about the write (a backup's target, a compaction's trigger), or null. */
    public String detail()
    {
        return detail;
    }

    /** @return the writer's context: the current one of the thread that made the write. */
    public AuditContext context()
    {
        return context;
    }

    byte[] keyBytes()
    {
        return key;
    }

    void release()
    {
        released = true;
        value = null;
    }

    @Override
    public String toString()
    {
        return kind + " txn " + txnId + (key == null ? "" : " key " + key.length + " bytes") +
            (valueLength < 0 ? "" : " value " + valueLength + " bytes") + " by " + context.principal();
    }
}
