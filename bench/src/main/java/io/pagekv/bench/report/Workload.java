package io.pagekv.bench.report;

import io.pagekv.bench.harness.Dataset;
import io.pagekv.bench.kv.Engine;

/**
 * The rows of the results table: which benchmark (and value size) each comes from, and how its
 * JMH score becomes a rate per second.
 */
enum Workload
{
    /** Point gets, 100-byte values. */
    READ_RANDOM("readRandom", 100, null, Conversion.RATE, "readRandom", "gets/s"),
    /** Point gets, 8 KiB values. */
    READ_RANDOM_8K("readRandom", 8192, null, Conversion.RATE, "readRandom 8 KiB", "gets/s"),
    /** Point gets, 1 MiB values. */
    READ_RANDOM_1M("readRandom", 1 << 20, null, Conversion.RATE, "readRandom 1 MiB", "gets/s"),
    /** Full ordered scan reading every key and value byte. */
    READ_SEQ("readSeq", 100, null, Conversion.SCANS, "readSeq", "entries/s"),
    /** Full ordered scan reading one byte per entry. */
    SCAN_TOUCH("scanTouch", 100, null, Conversion.SCANS, "scanTouch", "entries/s"),
    /** Bulk load, 100-byte values. */
    WRITE_BATCH("writeBatch", 100, null, Conversion.LOADS, "writeBatch", "entries/s"),
    /** Bulk load, 8 KiB values. */
    WRITE_BATCH_8K("writeBatch", 8192, null, Conversion.LOADS, "writeBatch 8 KiB", "entries/s"),
    /** Bulk load, 1 MiB values. */
    WRITE_BATCH_1M("writeBatch", 1 << 20, null, Conversion.LOADS, "writeBatch 1 MiB", "entries/s"),
    /** One put per forced commit. */
    WRITE_SYNC("writeSync", 100, null, Conversion.RATE, "writeSync", "commits/s"),
    /** Reopen and one get. */
    OPEN("open", 100, null, Conversion.RATE, "open", "opens/s"),
    /** Gets while a writer commits. */
    MIXED_READS("mixed", 100, "read", Conversion.RATE, "mixed: reads", "gets/s"),
    /** Puts of the writer in the mixed workload. */
    MIXED_WRITES("mixed", 100, "write", Conversion.RATE, "mixed: writes", "puts/s");

    /** How a JMH score becomes a rate per second. */
    enum Conversion
    {
        /** Already operations per second. */
        RATE,
        /** Scans per second, times the entries of one scan. */
        SCANS,
        /** Time per whole load, turned into entries per second. */
        LOADS
    }

    private final String method;
    private final int valueSize;
    private final String groupMethod;
    private final Conversion conversion;
    private final String title;
    private final String unit;

    Workload(
        final String method, final int valueSize, final String groupMethod, final Conversion conversion,
        final String title, final String unit)
    {
        this.method = method;
        this.valueSize = valueSize;
        this.groupMethod = groupMethod;
        this.conversion = conversion;
        this.title = title;
        this.unit = unit;
    }

    /**
     * @return the benchmark method.
     */
    String method()
    {
        return method;
    }

    /**
     * @return the row's name on the page.
     */
    String title()
    {
        return title;
    }

    /**
     * @return the unit of its rates.
     */
    String unit()
    {
        return unit;
    }

    /**
     * @param m a measurement.
     * @return whether it belongs to this row.
     */
    boolean matches(final Measurement m)
    {
        final String size = m.param("valueSize");
        return m.method().equals(method) && (size == null ? valueSize == 100 : Integer.parseInt(size) == valueSize);
    }

    /**
     * @param m a measurement of this row.
     * @return its rate per second.
     */
    Figure rate(final Measurement m)
    {
        final Figure score = groupMethod == null ? m.primary() : m.secondary().get(groupMethod);
        return switch (conversion)
        {
            case RATE -> score;
            case SCANS -> score.times(entries(m));
            case LOADS -> Figure.rateOf(m.secondsPerOp()).times(entries(m));
        };
    }

    private long entries(final Measurement m)
    {
        final String budget = m.param("dataMiB");
        return Dataset.entries(Integer.parseInt(m.param("n")), valueSize, budget == null ? Integer.MAX_VALUE >> 20 : Integer.parseInt(budget));
    }

    /**
     * @param engine an engine.
     * @return why the engine cannot run this workload, or null if it can.
     */
    String unsupported(final Engine engine)
    {
        if (this == READ_SEQ || this == SCAN_TOUCH)
        {
            return engine.noOrderedScan();
        }
        return this == WRITE_SYNC ? engine.noForcedCommit() : null;
    }
}
