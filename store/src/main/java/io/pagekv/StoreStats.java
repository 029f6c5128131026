package io.pagekv;

/**
 * Counters of a store since it was opened in this process, for monitoring: the read cache's
 * hits, misses, evictions and size. A snapshot: the counters go on after it was taken.
 *
 * @param cacheMode          how the cache holds values.
 * @param cacheHits          reads of compressed or typed values served from the cache.
 * @param cacheMisses        such reads that inflated or decoded the value.
 * @param cacheEvictions     entries dropped because the collector cleared their value.
 * @param cacheInvalidations entries dropped because their stored bytes changed or left the store.
 * @param cacheEntries       entries in the cache.
 * @param cacheBytes         the byte sizes of the values the cache holds (inflated or encoded length).
 * @param lz4Instance        the LZ4 implementation in use: {@code native} (JNI) or {@code java}.
 */
public record StoreStats(
    CacheMode cacheMode, long cacheHits, long cacheMisses, long cacheEvictions, long cacheInvalidations, long cacheEntries,
    long cacheBytes, String lz4Instance)
{
    /**
     * @return hits divided by reads through the cache, 0 when there were none.
     */
    public double cacheHitRate()
    {
        final long reads = cacheHits + cacheMisses;
        return reads == 0 ? 0 : (double)cacheHits / reads;
    }
}
