package io.pagekv.audit;

import java.util.Objects;

/**
 * Hooks for the whole JVM: every store opened for writing after {@link #addToEveryStore} takes
 * the hook, before its open event, so it sees the open too. Stores already open do not.
 * A hook cannot be removed, here or from a store.
 *
 * <p>Thread-safe.
 */
public final class AuditHooks
{
    private static final AuditHook[] NONE = new AuditHook[0];
    private static volatile AuditHook[] everyStore = NONE;

    private AuditHooks()
    {
    }

    /**
     * Adds a hook (or a sink of {@link AuditSinks}) that every store opened for writing from now on
     * takes. It cannot be removed.
     *
     * @param hook the hook.
     */
    public static synchronized void addToEveryStore(final AuditHook hook)
    {
        Objects.requireNonNull(hook, "hook");
        final AuditHook[] now = everyStore;
        final AuditHook[] next = java.util.Arrays.copyOf(now, now.length + 1);
        next[now.length] = hook;
        everyStore = next;
    }

    static AuditHook[] everyStore()
    {
        return everyStore;
    }
}
