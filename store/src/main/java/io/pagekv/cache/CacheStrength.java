package io.pagekv.cache;

/**
 * How the {@link ValueCache} holds its entries beyond its strong hot set.
 */
public enum CacheStrength
{
    /** Weak references: an entry lives while anything else holds its value, or until the next collection. */
    WEAK,
    /** Soft references: an entry lives until the heap runs short. */
    SOFT
}
