package io.pagekv.audit;

import io.pagekv.io.FileIO;

import java.nio.file.Path;

/**
 * A JVM-wide sink for tests: attached only to stores under one directory, so that it cannot
 * reach the stores of other tests in the same JVM (hooks cannot be removed).
 */
final class ScopedSink extends RecorderSpec
{
    private final Path under;
    private final RecorderSpec sink;

    ScopedSink(final Path under, final AuditHook sink)
    {
        this.under = under;
        this.sink = (RecorderSpec)sink;
    }

    /** None: the sink it wraps is unique only within this test's stores. */
    @Override
    String unique()
    {
        return null;
    }

    @Override
    Recorder attach(final Path dir, final boolean sync, final FileIO io, final long headTxn)
    {
        return dir.startsWith(under) ? sink.attach(dir, sync, io, headTxn) : NOTHING;
    }

    private static final Recorder NOTHING = new Recorder()
    {
        @Override
        public void accepted(final AuditEvent event)
        {
        }

        @Override
        public void vetoed(final AuditEvent event, final AuditVetoException veto)
        {
        }

        @Override
        public void ended(final long txnId, final boolean committed)
        {
        }

        @Override
        public void close()
        {
        }
    };
}
