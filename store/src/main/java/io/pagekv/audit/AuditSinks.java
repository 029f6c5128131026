package io.pagekv.audit;

import io.pagekv.io.FileIO;

import java.nio.file.Path;

/**
 * The ready-made sinks. Each is added like a hook ({@code store.addAuditHook(AuditSinks.durableLog())}
 * or {@link AuditHooks#addToEveryStore}), gets one instance per store, never vetoes, and sees
 * only what every hook accepted (a vetoed write is reported to JFR only). Sinks run after all
 * hooks, whatever the order they were added in.
 */
public final class AuditSinks
{
    /** Default size at which the durable log starts a new file: 64 MiB. */
    public static final long DEFAULT_ROTATE_BYTES = 64L << 20;
    /** Default sampling of puts and deletes in JFR: one in 100. */
    public static final int DEFAULT_WRITE_SAMPLING = 100;

    private AuditSinks()
    {
    }

    /**
     * The durable, hash-chained audit log in the store's {@code audit/} directory (owner-only),
     * rotated at {@link #DEFAULT_ROTATE_BYTES}. Once a store has a log, every writable open
     * continues it, whether or not the application adds this sink; a store holds one log, so
     * adding it again (or after the open attached it) does nothing. With {@code Durability.SYNC} each commit's records
     * are forced before the commit's pages are written. Check it with {@link AuditLogVerifier}
     * ({@code pagekv audit verify}).
     *
     * @return the sink.
     */
    public static AuditHook durableLog()
    {
        return durableLog(DEFAULT_ROTATE_BYTES);
    }

    /**
     * The durable log, as {@link #durableLog()}, rotated at another size.
     *
     * @param rotateBytes the size past which a new file is started (a commit's records are never split).
     * @return the sink.
     */
    public static AuditHook durableLog(final long rotateBytes)
    {
        if (rotateBytes < 4096)
        {
            throw new IllegalArgumentException("rotateBytes " + rotateBytes + " is below 4096");
        }
        return new RecorderSpec()
        {
            @Override
            Recorder attach(final Path dir, final boolean sync, final FileIO io, final long headTxn)
            {
                return DurableLog.open(dir, io, sync, headTxn, rotateBytes);
            }

            @Override
            String unique()
            {
                return name();
            }

            @Override
            public String name()
            {
                return "durable audit log";
            }
        };
    }

    /**
     * The live feed in shared memory ({@code audit/tail}, owner-only): every write that took
     * effect, within microseconds, for {@link AuditTailReader} and {@code pagekv audit tail --follow}
     * in other processes. It never blocks the writer: a reader that falls behind loses records.
     *
     * @return the sink.
     */
    public static AuditHook liveTail()
    {
        return new RecorderSpec()
        {
            @Override
            Recorder attach(final Path dir, final boolean sync, final FileIO io, final long headTxn)
            {
                return LiveTail.open(dir, io);
            }

            @Override
            String unique()
            {
                return name();
            }

            @Override
            public String name()
            {
                return "live audit tail";
            }
        };
    }

    /**
     * JFR events ({@code jdk.jfr}, category "pagekv"): {@code pagekv.Commit} for each commit
     * (its duration covers writing and forcing it), {@code pagekv.Operation} for open, close,
     * compaction, backup and offline compaction, {@code pagekv.Veto} for each veto, and
     * {@code pagekv.Write} for puts and deletes, which is off by default and, when a recording
     * enables it, sampled one in {@value #DEFAULT_WRITE_SAMPLING} so that a recording stays small.
     *
     * @return the sink.
     */
    public static AuditHook jfr()
    {
        return jfr(DEFAULT_WRITE_SAMPLING);
    }

    /**
     * JFR events, as {@link #jfr()}, with puts and deletes sampled one in {@code sampleEvery}.
     *
     * @param sampleEvery 1 for every put and delete, n for one in n.
     * @return the sink.
     */
    public static AuditHook jfr(final int sampleEvery)
    {
        if (sampleEvery < 1)
        {
            throw new IllegalArgumentException("sampleEvery " + sampleEvery + " is below 1");
        }
        return new RecorderSpec()
        {
            @Override
            Recorder attach(final Path dir, final boolean sync, final FileIO io, final long headTxn)
            {
                return new JfrSink(dir.toString(), sampleEvery);
            }

            @Override
            public String name()
            {
                return "JFR audit events";
            }
        };
    }
}
