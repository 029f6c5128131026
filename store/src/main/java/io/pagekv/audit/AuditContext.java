package io.pagekv.audit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Who is writing, and for which request: a principal, a request id and free attributes, set by
 * the caller for a scope and seen by every audit event written inside it.
 *
 * <pre>{@code
 * try (AuditContext.Scope scope = AuditContext.of("alice", "req-42").with("tenant", "t1").open()) {
 *     store.put(key, value);                                  // the event carries alice / req-42
 *     pool.execute(AuditContext.current().wrap(task));        // and so does the task, on any thread
 * }
 * }</pre>
 *
 * <p>The current context belongs to a thread. It reaches other threads only through the
 * wrappers: {@link #wrap(Runnable)} and its siblings bind a context to a task; {@link
 * #propagating(Executor)} binds each task to the context of the thread that submits it; {@link
 * #startVirtualThread(Runnable)} starts a virtual thread (JDK 21 and later) with it. A wrapped
 * task restores the worker thread's own context when it ends, also when it throws, so nothing of
 * one request leaks into the next task of a pool. Immutable and thread-safe.
 */
public final class AuditContext
{
    /** No principal, no request id, no attributes: the context of a thread nobody set one on. */
    public static final AuditContext NONE = new AuditContext(null, null, Map.of());

    /** The innermost open scope of each thread; null when none is open. */
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private final String principal;
    private final String requestId;
    private final Map<String, String> attributes;

    private AuditContext(final String principal, final String requestId, final Map<String, String> attributes)
    {
        this.principal = principal;
        this.requestId = requestId;
        this.attributes = attributes;
    }

    /**
     * @param principal who writes; may be null.
     * @param requestId the request the writes belong to; may be null.
     * @return a context with no attributes.
     */
    public static AuditContext of(final String principal, final String requestId)
    {
        return new AuditContext(principal, requestId, Map.of());
    }

    /**
     * @param name  an attribute name.
     * @param value its value.
     * @return a copy with the attribute added or replaced.
     */
    public AuditContext with(final String name, final String value)
    {
        final Map<String, String> copy = new LinkedHashMap<>(attributes);
        copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new AuditContext(principal, requestId, java.util.Collections.unmodifiableMap(copy));
    }

    /** @return the context of the calling thread; {@link #NONE} if none was set. */
    public static AuditContext current()
    {
        final Scope scope = CURRENT.get();
        return scope == null ? NONE : scope.context;
    }

    /** @return who writes, or null. */
    public String principal()
    {
        return principal;
    }

    /** @return the request id, or null. */
    public String requestId()
    {
        return requestId;
    }

    /** @return the attributes, in the order they were added; unmodifiable. */
    public Map<String, String> attributes()
    {
        return attributes;
    }

    /**
     * Makes this the calling thread's context until the scope is closed, which restores the one
     * before. Scopes nest; close them in reverse order, on the thread that opened them.
     *
     * @return the scope; close it (try-with-resources).
     */
    public Scope open()
    {
        final Scope scope = new Scope(this, CURRENT.get(), Thread.currentThread());
        CURRENT.set(scope);
        return scope;
    }

    /**
     * @param task a task.
     * @return the task run with this context, the runner's own restored afterwards.
     */
    public Runnable wrap(final Runnable task)
    {
        Objects.requireNonNull(task, "task");
        return () ->
        {
            try (Scope ignored = open())
            {
                task.run();
            }
        };
    }

    /**
     * @param task a task.
     * @param <T>  what it returns.
     * @return the task run with this context, the runner's own restored afterwards.
     */
    public <T> Callable<T> wrap(final Callable<T> task)
    {
        Objects.requireNonNull(task, "task");
        return () ->
        {
            try (Scope ignored = open())
            {
                return task.call();
            }
        };
    }

    /**
     * For {@code CompletableFuture.supplyAsync}.
     *
     * @param task a supplier.
     * @param <T>  what it supplies.
     * @return the supplier run with this context, the runner's own restored afterwards.
     */
    public <T> Supplier<T> wrapSupplier(final Supplier<T> task)
    {
        Objects.requireNonNull(task, "task");
        return () ->
        {
            try (Scope ignored = open())
            {
                return task.get();
            }
        };
    }

    /**
     * For the stages of a {@code CompletableFuture} chain ({@code thenApply}, {@code thenApplyAsync}):
     * a stage runs on whichever thread completes the stage before it, so bind each to a context.
     *
     * @param stage a function.
     * @param <A>   its argument.
     * @param <R>   its result.
     * @return the function run with this context, the runner's own restored afterwards.
     */
    public <A, R> Function<A, R> wrapFunction(final Function<A, R> stage)
    {
        Objects.requireNonNull(stage, "stage");
        return argument ->
        {
            try (Scope ignored = open())
            {
                return stage.apply(argument);
            }
        };
    }

    /**
     * An executor that runs each task with the context of the thread that submitted it (at
     * {@code execute}). Works for thread pools and for {@code CompletableFuture}'s async methods.
     *
     * @param executor the executor to run the tasks.
     * @return the propagating executor.
     */
    public static Executor propagating(final Executor executor)
    {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(current().wrap(task));
    }

    /**
     * Starts a virtual thread that runs {@code task} with this context. Compiled for Java 17, it
     * finds {@code Thread.startVirtualThread} by reflection.
     *
     * @param task the task.
     * @return the started thread.
     * @throws UnsupportedOperationException on a JDK without virtual threads (before 21).
     */
    public Thread startVirtualThread(final Runnable task)
    {
        final Method start = VirtualThreads.START;
        if (start == null)
        {
            throw new UnsupportedOperationException("virtual threads need JDK 21 or later; this is " + Runtime.version());
        }
        try
        {
            return (Thread)start.invoke(null, wrap(task));
        }
        catch (final IllegalAccessException | InvocationTargetException ex)
        {
            throw new IllegalStateException("cannot start a virtual thread", ex);
        }
    }

    @Override
    public String toString()
    {
        return "AuditContext[principal=" + principal + ", requestId=" + requestId + ", attributes=" + attributes + "]";
    }

    /** {@code Thread.startVirtualThread(Runnable)}, looked up once; null before JDK 21. */
    private static final class VirtualThreads
    {
        static final Method START = find();

        private static Method find()
        {
            if (Runtime.version().feature() < 21)
            {
                return null;
            }
            try
            {
                return Thread.class.getMethod("startVirtualThread", Runnable.class);
            }
            catch (final NoSuchMethodException ex)
            {
                return null;
            }
        }
    }

    /**
     * A context made current by {@link #open()}; closing restores the one before.
     *
     * <p>Not thread-safe: close it on the thread that opened it.
     */
    public static final class Scope implements AutoCloseable
    {
        private final AuditContext context;
        private final Scope outer;
        private final Thread owner;
        private boolean closed;

        private Scope(final AuditContext context, final Scope outer, final Thread owner)
        {
            this.context = context;
            this.outer = outer;
            this.owner = owner;
        }

        /**
         * Restores the context that was current before {@link #open()}. Idempotent.
         *
         * @throws IllegalStateException if called on another thread; or while a scope opened
         *         inside this one is still open (the inner scopes are closed too, and the context
         *         before this one restored); or after an outer scope was closed (nothing changes).
         */
        @Override
        public void close()
        {
            if (closed)
            {
                return;
            }
            if (Thread.currentThread() != owner)
            {
                throw new IllegalStateException("an audit context scope must be closed on the thread that opened it (" + owner.getName() + ")");
            }
            closed = true;
            final Scope innermost = CURRENT.get();
            if (innermost == this)
            {
                CURRENT.set(outer);
                return;
            }
            for (Scope s = innermost; s != null; s = s.outer)
            {
                if (s == this)
                {
                    for (Scope inner = innermost; inner != this; inner = inner.outer)
                    {
                        inner.closed = true;
                    }
                    CURRENT.set(outer);
                    throw new IllegalStateException("audit context scope of " + context + " closed while an inner scope (" +
                        innermost.context + ") was open; both are closed now");
                }
            }
            throw new IllegalStateException("audit context scope of " + context + " closed after a scope around it was closed");
        }
    }
}
