package io.pagekv.audit;

import io.pagekv.io.FileIO;

import java.nio.file.Path;

/**
 * What {@link AuditSinks} hands out: a hook that is really a sink to attach, one {@link Recorder}
 * per store it is added to. Its {@link #before} is never called by a store; it accepts everything.
 */
abstract class RecorderSpec implements AuditHook
{
    /**
     * @param dir     the store directory.
     * @param sync    whether the store forces each commit ({@code Durability.SYNC}).
     * @param io      the store's file seam.
     * @param headTxn the store's head transaction now.
     * @return the recorder for that store.
     */
    abstract Recorder attach(Path dir, boolean sync, FileIO io, long headTxn);

    /**
     * @return a name for sinks a store may hold only once (two writers of one log or feed would
     *         corrupt it): adding such a sink again does nothing; null if any number may be added.
     */
    String unique()
    {
        return null;
    }

    @Override
    public final void before(final AuditEvent event)
    {
    }
}
