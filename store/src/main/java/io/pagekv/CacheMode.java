package io.pagekv;

/**
 * How the read cache of decoded values holds them ({@link StoreOptions#withValueCache}). The
 * cache maps where a value is stored to its decoded form: the inflated bytes of a compressed
 * value, or the object a {@link io.pagekv.codec.Codec} decoded for a typed read. Beyond a small
 * strong hot set, it never keeps a value alive on its own.
 */
public enum CacheMode
{
    /** Weak references: an entry lives while the application holds its value, or until the next collection. The default. */
    WEAK,
    /** Soft references: entries live until the heap runs short; more hits, more heap. */
    SOFT,
    /** No cache: every read of a compressed value inflates it, every typed read decodes. */
    NONE
}
