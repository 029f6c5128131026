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

    @Name("pagekv.Commit")
    @Label("pagekv Commit")
    @Category("pagekv")
    @Description("A commit that audit hooks accepted; its duration covers writing (and forcing) it")
    @StackTrace(false)
    static final class Commit extends Event
    {
        @Label("Store")
        String store;
        @Label("Txn")
        long txnId;
        @Label("Puts")
        int puts;
        @Label("Deletes")
        int deletes;
        @Label("Pages")
        int pages;
        @Label("Committed")
        boolean committed;
        @Label("Principal")
        String principal;
        @Label("Request")
        String requestId;
    }

    @Name("pagekv.Write")
    @Label("pagekv Write")
    @Category("pagekv")
    @Description("A put or delete that audit hooks accepted (sampled: one in every n)")
    @Enabled(false)
    @StackTrace(false)
    static final class Write extends Event
    {
        @Label("Kind")
        String kind;
        @Label("Store")
        String store;
        @Label("Txn")
        long txnId;
        @Label("Key Length")
        int keyLength;
        @Label("Value Length")
        long valueLength;
        @Label("Principal")
        String principal;
        @Label("Request")
        String requestId;
    }

    @Name("pagekv.Operation")
    @Label("pagekv Operation")
    @Category("pagekv")
    @Description("Open, close, compaction, backup, offline compaction or another non-transactional write that audit hooks accepted")
    @StackTrace(false)
    static final class Operation extends Event
    {
        @Label("Kind")
        String kind;
        @Label("Store")
        String store;
        @Label("Txn")
        long txnId;
        @Label("Detail")
        String detail;
        @Label("Principal")
        String principal;
        @Label("Request")
        String requestId;
    }

    @Name("pagekv.Veto")
    @Label("pagekv Veto")
    @Category("pagekv")
    @Description("A write an audit hook vetoed")
    static final class Veto extends Event
    {
        @Label("Kind")
        String kind;
        @Label("Store")
        String store;
        @Label("Txn")
        long txnId;
        @Label("Hook")
        String hook;
        @Label("Reason")
        String reason;
        @Label("Principal")
        String principal;
        @Label("Request")
        String requestId;
    }
}
