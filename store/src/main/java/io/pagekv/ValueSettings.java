package io.pagekv;

/**
 * The options of {@link StoreOptions} that concern values: the compression policy and the read
 * cache. Held as one field so that the options class keeps one constructor argument for them.
 *
 * @param compression when puts compress.
 * @param cacheMode   how the read cache holds decoded values.
 * @param hotSetSize  how many decoded values the cache holds strongly at most.
 */
record ValueSettings(CompressionPolicy compression, CacheMode cacheMode, int hotSetSize)
{
    /** The default hot set: small enough to never matter for the heap with 8 KiB values (2 MiB). */
    static final int DEFAULT_HOT_SET = 256;

    static final ValueSettings DEFAULTS = new ValueSettings(CompressionPolicy.off(), CacheMode.WEAK, DEFAULT_HOT_SET);
}
