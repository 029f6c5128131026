package io.pagekv.bench.kv;

import io.pagekv.Store;
import io.pagekv.audit.AuditSinks;

/**
 * The audit configuration a pagekv store of the benchmarks runs with, chosen by the system
 * property {@code pagekv.bench.audit} of the forked JVM (so the same workloads measure each):
 * {@code none} (the default: no hook, the audit path is one volatile read per write),
 * {@code noop} (a hook that accepts everything), {@code jfr} (the JFR sink; run it with a
 * recording, {@code -XX:StartFlightRecording}), {@code log} (the durable audit log),
 * {@code tail} (the live tail).
 */
final class AuditSetting
{
    /** The system property that chooses. */
    static final String PROPERTY = "pagekv.bench.audit";

    private AuditSetting()
    {
    }

    static void apply(final Store store)
    {
        final String setting = System.getProperty(PROPERTY, "none");
        switch (setting)
        {
            case "none" -> { }
            case "noop" -> store.addAuditHook(event -> { });
            case "jfr" -> store.addAuditHook(AuditSinks.jfr());
            case "log" -> store.addAuditHook(AuditSinks.durableLog());
            case "tail" -> store.addAuditHook(AuditSinks.liveTail());
            default -> throw new IllegalArgumentException(PROPERTY + "=" + setting + ": use none, noop, jfr, log or tail");
        }
    }
}
