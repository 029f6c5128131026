package io.pagekv.cache;

/**
 * The key of a {@link ValueCache} entry: a location and which decoder decoded the value, ordered
 * by location first so that a range of locations is one range of keys. The decoder is known by
 * its identity hash; two decoders sharing one share a slot (the entry checks the decoder itself).
 *
 * @param location where the value is stored.
 * @param decoder  the decoder's identity hash.
 */
record CacheKey(long location, int decoder) implements Comparable<CacheKey>
{
    CacheKey(final long location, final Object decoder)
    {
        this(location, System.identityHashCode(decoder));
    }

    /** @return the smallest key of {@code location}. */
    static CacheKey first(final long location)
    {
        return new CacheKey(location, Integer.MIN_VALUE);
    }

    @Override
    public int compareTo(final CacheKey other)
    {
        final int byLocation = Long.compare(location, other.location);
        return byLocation != 0 ? byLocation : Integer.compare(decoder, other.decoder);
    }
}
