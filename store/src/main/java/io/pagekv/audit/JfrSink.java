package io.pagekv.audit;

/**
 * Audit events as JFR events ({@link JfrEvents}): each commit (timed from its acceptance to its
 * end), puts and deletes sampled one in {@code sampleEvery} (and only when a recording enables
 * {@code pagekv.Write}), every other write, and every veto. With no recording running, the
 * cost is JFR's enabled check.
 *
 * <p>Thread-safe: the commit in progress is the writer's (under the store's writer lock).
 */
final class JfrSink implements Recorder
{
    private final String store;
    private final int sampleEvery;
    private long writes;
    private JfrEvents.Commit commit;

    JfrSink(final String store, final int sampleEvery)
    {
        this.store = store;
        this.sampleEvery = sampleEvery;
    }

    @Override
    public synchronized void accepted(final AuditEvent event)
    {
        switch (event.kind())
        {
            case PUT, DELETE -> write(event);
            case COMMIT -> beginCommit(event);
            default -> operation(event);
        }
    }

    private void write(final AuditEvent event)
    {
        final JfrEvents.Write jfr = new JfrEvents.Write();
        if (!jfr.isEnabled() || writes++ % sampleEvery != 0)
        {
            return;
        }
        jfr.of(store, event);
        jfr.kind = event.kind().name();
        jfr.keyLength = event.keyLength();
        jfr.valueLength = event.valueLength();
        jfr.commit();
    }

    private void beginCommit(final AuditEvent event)
    {
        final JfrEvents.Commit jfr = new JfrEvents.Commit();
        if (!jfr.isEnabled())
        {
            return;
        }
        jfr.begin();
        jfr.of(store, event);
        jfr.puts = event.puts();
        jfr.deletes = event.deletes();
        jfr.pages = event.pages();
        commit = jfr;
    }

    private void operation(final AuditEvent event)
    {
        final JfrEvents.Operation jfr = new JfrEvents.Operation();
        if (!jfr.isEnabled())
        {
            return;
        }
        jfr.of(store, event);
        jfr.kind = event.kind().name();
        jfr.detail = event.detail();
        jfr.commit();
    }

    @Override
    public void vetoed(final AuditEvent event, final AuditVetoException veto)
    {
        final JfrEvents.Veto jfr = new JfrEvents.Veto();
        if (!jfr.isEnabled())
        {
            return;
        }
        jfr.of(store, event);
        jfr.kind = event.kind().name();
        jfr.hook = veto.hook();
        jfr.reason = veto.reason();
        jfr.commit();
    }

    @Override
    public synchronized void ended(final long txnId, final boolean committed)
    {
        final JfrEvents.Commit jfr = commit;
        commit = null;
        if (jfr != null && jfr.txnId == txnId)
        {
            jfr.committed = committed;
            jfr.end();
            jfr.commit();
        }
    }

    @Override
    public void close()
    {
    }
}
