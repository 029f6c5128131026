package io.pagekv.audit;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR events of {@link JfrSink}, under the category "pagekv": names {@code pagekv.Commit},
 * {@code pagekv.Write} (puts and deletes; off unless a recording enables it, and then sampled),
 * {@code pagekv.Operation} (open, close, compaction, backup and the other non-transactional
 * writes) and {@code pagekv.Veto}.
 */
final class JfrEvents
{
    private JfrEvents()
    {
    }

    /** What every pagekv event records: the store, the transaction and the writer's context. */
    abstract static class StoreEvent extends Event
    {
        @Label("Store")
        String store;
        @Label("Txn")
        long txnId;
        @Label("Principal")
        String principal;
        @Label("Request")
        String requestId;

        /** Fills the fields every event has, from the audit event. */
        final void of(final String storeName, final AuditEvent event)
        {
            store = storeName;
            txnId = event.txnId();
            principal = event.context().principal();
            requestId = event.context().requestId();
        }
    }

    @Name("pagekv.Commit")
    @Label("pagekv Commit")
    @Category("pagekv")
    @Description("A commit that audit hooks accepted; its duration covers writing (and forcing) it")
    @StackTrace(false)
    static final class Commit extends StoreEvent
    {
        @Label("Puts")
        int puts;
        @Label("Deletes")
        int deletes;
        @Label("Pages")
        int pages;
        @Label("Committed")
        boolean committed;
    }

    @Name("pagekv.Write")
    @Label("pagekv Write")
    @Category("pagekv")
    @Description("A put or delete that audit hooks accepted (sampled: one in every n)")
    @Enabled(false)
    @StackTrace(false)
    static final class Write extends StoreEvent
    {
        @Label("Kind")
        String kind;
        @Label("Key Length")
        int keyLength;
        @Label("Value Length")
        long valueLength;
    }

    @Name("pagekv.Operation")
    @Label("pagekv Operation")
    @Category("pagekv")
    @Description("Open, close, compaction, backup, offline compaction or another non-transactional write that audit hooks accepted")
    @StackTrace(false)
    static final class Operation extends StoreEvent
    {
        @Label("Kind")
        String kind;
        @Label("Detail")
        String detail;
    }

    @Name("pagekv.Veto")
    @Label("pagekv Veto")
    @Category("pagekv")
    @Description("A write an audit hook vetoed")
    static final class Veto extends StoreEvent
    {
        @Label("Kind")
        String kind;
        @Label("Hook")
        String hook;
        @Label("Reason")
        String reason;
    }
}
