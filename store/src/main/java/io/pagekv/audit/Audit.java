package io.pagekv.audit;

import io.pagekv.io.FileIO;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The audit seam of one store (not API: each open store owns one). Every write calls
 * {@link #before} (commits {@link #beforeCommit}) while {@link #isActive()}, before it takes
 * effect; the hooks run in the order they were added, then the recorders of the ready-made sinks
 * see what all hooks accepted. The first hook that throws vetoes: the write throws
 * {@link AuditVetoException} and must not be applied.
 *
 * <p>With nothing added, {@link #isActive()} (one volatile read) is the whole cost of a write.
 *
 * <p>Thread-safe: hooks are added under this object's lock and published through volatile
 * arrays; events are made on the writing thread.
 */
public final class Audit
{
    private static final AuditHook[] NO_HOOKS = new AuditHook[0];
    private static final Recorder[] NO_RECORDERS = new Recorder[0];
    private static final System.Logger LOGGER = System.getLogger("io.pagekv.audit");

    private final Path dir;
    private final boolean sync;
    private final FileIO io;
    private final LongSupplier headTxn;
    private volatile boolean active;
    private volatile AuditHook[] hooks = NO_HOOKS;
    private volatile Recorder[] recorders = NO_RECORDERS;
    private final java.util.Set<String> uniqueSinks = new java.util.HashSet<>();
    private boolean closed;

    /**
     * @param dir     the store directory.
     * @param sync    whether the store forces each commit.
     * @param io      its file seam.
     * @param headTxn its head transaction, read when a sink is attached and at close (only with something attached).
     */
    public Audit(final Path dir, final boolean sync, final FileIO io, final LongSupplier headTxn)
    {
        this.dir = dir;
        this.sync = sync;
        this.io = io;
        this.headTxn = headTxn;
    }

    /**
     * At a writable open: adds the hooks registered for every store ({@link AuditHooks#addToEveryStore}),
     * then continues the store's durable audit log if it has one, so that no writer of the
     * store can leave it out.
     */
    public void addEveryStoreHooks()
    {
        for (final AuditHook hook : AuditHooks.everyStore())
        {
            add(hook);
        }
        if (AuditLogVerifier.hasLog(dir))
        {
            add(AuditSinks.durableLog());
        }
    }

    /**
     * Adds a hook, or attaches a sink of {@link AuditSinks}. It cannot be removed.
     *
     * @param hook the hook.
     */
    public synchronized void add(final AuditHook hook)
    {
        Objects.requireNonNull(hook, "hook");
        if (closed)
        {
            throw new io.pagekv.StoreClosedException("store " + dir + " (adding an audit hook)");
        }
        if (hook instanceof RecorderSpec)
        {
            final RecorderSpec spec = (RecorderSpec)hook;
            if (spec.unique() != null && uniqueSinks.contains(spec.unique()))
            {
                return;
            }
            final Recorder recorder = spec.attach(dir, sync, io, headTxn.getAsLong());
            if (spec.unique() != null)
            {
                uniqueSinks.add(spec.unique());
            }
            final Recorder[] next = Arrays.copyOf(recorders, recorders.length + 1);
            next[next.length - 1] = recorder;
            recorders = next;
        }
        else
        {
            final AuditHook[] next = Arrays.copyOf(hooks, hooks.length + 1);
            next[next.length - 1] = hook;
            hooks = next;
        }
        active = true;
    }

    /** @return whether any hook or sink is attached: if not, writes skip the audit entirely. */
    public boolean isActive()
    {
        return active;
    }

    /**
     * The one place every write passes before it takes effect. Writes of other features
     * (patches, counters, exports) call it too, with their kind.
     *
     * @param kind        what the write is.
     * @param txnId       its transaction (for open and close, the head's).
     * @param key         its key, or null; not copied, must not change during the call.
     * @param value       its value, or null; copied only if a hook asks.
     * @param valueLength the value's length, or -1 without one.
     * @param detail      more about it, or null.
     * @throws AuditVetoException if a hook vetoed: do not apply the write.
     */
    public void before(final AuditKind kind, final long txnId, final byte[] key, final byte[] value, final long valueLength,
        final String detail)
    {
        dispatch(new AuditEvent(kind, dir, txnId, key, value, valueLength, 0, 0, 0, detail, AuditContext.current()));
    }

    /**
     * A commit, before anything of it is written.
     *
     * @param txnId   its transaction.
     * @param puts    puts it holds.
     * @param deletes deletes it holds.
     * @param pages   pages it will write.
     * @throws AuditVetoException if a hook vetoed: abort the transaction.
     */
    public void beforeCommit(final long txnId, final int puts, final int deletes, final int pages)
    {
        dispatch(new AuditEvent(AuditKind.COMMIT, dir, txnId, null, null, -1, puts, deletes, pages, null, AuditContext.current()));
    }

    /**
     * The close event: reported to hooks and sinks, never vetoed (a store must be able to close);
     * a hook that throws is logged. Then the sinks are closed. The head is read only when
     * something is attached (a read-only store's head may lie in a file that was cut).
     */
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (active)
        {
            try
            {
                before(AuditKind.CLOSE, headTxn.getAsLong(), null, null, -1, null);
            }
            catch (final RuntimeException ex)
            {
                LOGGER.log(System.Logger.Level.WARNING, "an audit hook threw at the close of " + dir + "; a close cannot be vetoed: " +
                    ex.getMessage(), ex);
            }
        }
        for (final Recorder recorder : recorders)
        {
            recorder.close();
        }
    }

    /**
     * Tells the sinks how a transaction ended.
     *
     * @param txnId     the transaction.
     * @param committed whether its commit took effect.
     */
    public void ended(final long txnId, final boolean committed)
    {
        for (final Recorder recorder : recorders)
        {
            recorder.ended(txnId, committed);
        }
    }

    private void dispatch(final AuditEvent event)
    {
        try
        {
            for (final AuditHook hook : hooks)
            {
                try
                {
                    hook.before(event);
                }
                catch (final Exception ex)
                {
                    throw vetoed(event, hook, ex);
                }
            }
            for (final Recorder recorder : recorders)
            {
                recorder.accepted(event);
            }
        }
        finally
        {
            event.release();
        }
    }

    private AuditVetoException vetoed(final AuditEvent event, final AuditHook hook, final Exception ex)
    {
        String name;
        try
        {
            name = hook.name();
        }
        catch (final RuntimeException nameFailed)
        {
            name = hook.getClass().getName();
        }
        final String reason = ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage();
        final AuditVetoException veto = new AuditVetoException(name, reason, event.kind(), event.txnId(), ex);
        for (final Recorder recorder : recorders)
        {
            recorder.vetoed(event, veto);
        }
        return veto;
    }
}
