package io.pagekv.ipc;

/**
 * The live counters the writer keeps in the {@code lock} file, in allocation order: a counter's
 * id is its ordinal, its Agrona type id is {@link #typeId()} and its label {@link #label()}. A
 * reader in another process finds a counter by type id, so that counters added later (cache hits
 * and misses, issue 14, take type ids 14 and 15) never move the ones here.
 *
 * <p>Totals ({@link #isGauge()} false) only grow while one writer has the store open and start
 * again from zero at the next writer open; gauges say how things are now.
 */
public enum StoreCounter
{
    /** Commits made. */
    COMMITS(1, "commits", false),
    /** Bytes appended to the log: pages of commit bodies and records. */
    BYTES_WRITTEN(2, "bytes written", false),
    /** Pages appended to the log. */
    PAGES_WRITTEN(3, "pages written", false),
    /** Forces of the log made by commits ({@code Durability.SYNC}) and checkpoints. */
    FORCES(4, "forces", false),
    /** Snapshots open in the writer's process. */
    OPEN_SNAPSHOTS(5, "open snapshots", true),
    /** Claimed slots of the reader table: processes reading the store; sampled about once a second at a commit. */
    READERS(6, "reader processes", true),
    /** Exports open in the writer's process. */
    EXPORTS(7, "open exports", true),
    /** Bytes held in shared-memory objects by those exports. */
    EXPORT_BYTES(8, "export shm bytes", true),
    /** Compaction passes that retired segments. */
    COMPACTIONS(9, "compactions", false),
    /** Live pages, as compaction counts them (-1 while it has not counted); sampled with the readers. */
    LIVE_PAGES(10, "live pages", true),
    /** Pages the segment files hold; sampled with the readers. */
    TOTAL_PAGES(11, "total pages", true),
    /** Time of the last commit, epoch ms. */
    LAST_COMMIT_TIME(12, "last commit time ms", true),
    /** The head's transaction id. */
    HEAD_TXN(13, "head txn", true);

    private final int typeId;
    private final String label;
    private final boolean gauge;

    StoreCounter(final int typeId, final String label, final boolean gauge)
    {
        this.typeId = typeId;
        this.label = label;
        this.gauge = gauge;
    }

    /** @return the Agrona type id stored in the counter's metadata record. */
    public int typeId()
    {
        return typeId;
    }

    /** @return the label stored in the counter's metadata record. */
    public String label()
    {
        return label;
    }

    /** @return whether it says how things are now rather than counting events. */
    public boolean isGauge()
    {
        return gauge;
    }
}
