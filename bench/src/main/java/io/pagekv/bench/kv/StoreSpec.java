package io.pagekv.bench.kv;

/**
 * What an adapter needs to know to open a store well: Chronicle Map sizes its file for the
 * expected entries and values, MapDB places large values outside its nodes, RocksDB sizes its
 * read buffers, and every engine picks forced or unforced commits.
 *
 * @param entries              how many entries the store will hold.
 * @param valueSize            bytes per value.
 * @param sync                 whether each commit must be forced to disk.
 * @param backgroundHousekeeping whether an engine that reclaims space only in a background
 *                             thread of its own runs that thread: MVStore compacts its file in
 *                             its auto-commit thread, which the throughput runs switch off (they
 *                             commit explicitly, its fastest documented way). The other engines
 *                             reclaim space the same way either way.
 */
public record StoreSpec(long entries, int valueSize, boolean sync, boolean backgroundHousekeeping)
{
    /**
     * A spec without background housekeeping, as the throughput benchmarks use.
     *
     * @param entries   how many entries the store will hold.
     * @param valueSize bytes per value.
     * @param sync      whether each commit must be forced to disk.
     */
    public StoreSpec(final long entries, final int valueSize, final boolean sync)
    {
        this(entries, valueSize, sync, false);
    }
}
