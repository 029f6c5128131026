package io.pagekv.bench.kv;

/**
 * What an adapter needs to know to open a store well: Chronicle Map sizes its file for the
 * expected entries and values, MapDB places large values outside its nodes, RocksDB sizes its
 * read buffers, and every engine picks forced or unforced commits.
 *
 * @param entries   how many entries the store will hold.
 * @param valueSize bytes per value.
 * @param sync      whether each commit must be forced to disk.
 */
public record StoreSpec(long entries, int valueSize, boolean sync)
{
}
