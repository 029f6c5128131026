package io.pagekv.bench.kv;

/**
 * What an adapter needs to know to open a store well: engines that size their files up front
 * (LMDB's map, Chronicle Map's segments) use the expected size.
 *
 * @param entries   how many entries the store will hold.
 * @param valueSize bytes per value.
 * @param sync      whether each commit must be forced to disk.
 */
public record StoreSpec(long entries, int valueSize, boolean sync)
{
    /**
     * @return the expected bytes of keys and values.
     */
    public long dataBytes()
    {
        return entries * (Keys.SIZE + (long)valueSize);
    }
}
