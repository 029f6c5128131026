package io.pagekv.cache;

import org.agrona.BitUtil;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The weak-value read cache: maps where a value is stored (a location, a {@code long} its owner
 * numbers; see {@code ValueDecoder.location}) to its decoded form (the inflated bytes of a
 * compressed value, or the object a codec decoded). Stored bytes never change under
 * copy-on-write, so an entry never goes stale; what may change them (an in-place patch) calls
 * {@link #invalidate}, and a segment that leaves the store has its range invalidated.
 *
 * <p>Memory: every entry is held through a weak or soft reference ({@link CacheStrength}), and
 * a {@link ReferenceQueue} drops the entries the collector cleared, at the next {@link #put}.
 * The cache holds at most {@code hotSetSize} values strongly: a ring of the values most recently
 * put or hit, so that a small working set survives a collection.
 *
 * <p>One entry per location and decoder: the inflated bytes of a value and the objects codecs
 * decoded from it are cached side by side.
 *
 * <p>Lookups go to a hash map; the same keys are kept in location order in a skip list, so that
 * invalidating a range of locations is one range of keys. An invalidation counts an epoch: a
 * reader that read a value's bytes before it does not cache the value after it.
 *
 * <p>Thread-safe: any number of readers get and put at once, lock-free.
 */
public final class ValueCache
{
    private final CacheStrength strength;
    /** The entries, for lookups. */
    private final ConcurrentHashMap<CacheKey, CachedRef> entries = new ConcurrentHashMap<>();
    /** The same keys in location order, for invalidating a range of locations. */
    private final ConcurrentSkipListSet<CacheKey> byLocation = new ConcurrentSkipListSet<>();
    /** Counts invalidations, so that a value read before one is not cached after it. */
    private final AtomicLong epoch = new AtomicLong();
    private final ReferenceQueue<Object> cleared = new ReferenceQueue<>();
    private final AtomicReferenceArray<Object> hot;
    private final int hotMask;
    private final AtomicInteger hotNext = new AtomicInteger();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final AtomicLong evictions = new AtomicLong();
    private final AtomicLong invalidations = new AtomicLong();
    private final AtomicLong bytesHeld = new AtomicLong();

    /**
     * @param strength   how entries are held.
     * @param hotSetSize how many values at most are held strongly, 0 to 2^20; rounded up to a
     *                   power of two.
     */
    public ValueCache(final CacheStrength strength, final int hotSetSize)
    {
        if (hotSetSize < 0 || hotSetSize > 1 << 20)
        {
            throw new IllegalArgumentException("hot set of " + hotSetSize + " entries is not 0 to " + (1 << 20));
        }
        this.strength = strength;
        this.hot = new AtomicReferenceArray<>(hotSetSize == 0 ? 0 : BitUtil.findNextPositivePowerOfTwo(hotSetSize));
        this.hotMask = hot.length() - 1;
    }

    /**
     * @param location where the value is stored.
     * @param decoder  what decoded it.
     * @return the cached value, or null (a miss).
     */
    public Object get(final long location, final Object decoder)
    {
        final CachedRef entry = entries.get(new CacheKey(location, decoder));
        if (entry != null && entry.slot().decoder() == decoder)
        {
            final Object value = entry.get();
            if (value != null)
            {
                hits.increment();
                keepHot(value);
                return value;
            }
            if (remove(entry))
            {
                evictions.incrementAndGet();
            }
        }
        misses.increment();
        return null;
    }

    /**
     * @return the invalidation count: take it before reading a value's stored bytes and give it
     * to {@link #put}, so that bytes read before an invalidation are not cached after it.
     */
    public long epoch()
    {
        return epoch.get();
    }

    /**
     * Caches a value read from {@code location}, replacing what the location held for that
     * decoder, unless an invalidation ran since {@code epoch} was taken (the value may have been
     * read from bytes that changed since).
     *
     * @param location where the value is stored.
     * @param decoder  what decoded it.
     * @param value    the decoded value; callers must treat it as immutable, since readers share it.
     * @param bytes    its size estimate in bytes.
     * @param epoch    {@link #epoch()} as it was before the stored bytes were read.
     */
    public void put(final long location, final Object decoder, final Object value, final int bytes, final long epoch)
    {
        dropCleared();
        final CacheKey key = new CacheKey(location, decoder);
        final CachedRef entry = CachedRef.of(strength, new CachedRef.Slot(location, decoder, bytes), value, cleared);
        bytesHeld.addAndGet(bytes);
        final CachedRef[] replaced = new CachedRef[1];
        // The index changes inside the map's per-key lock, so map and index never disagree for long.
        entries.compute(key, (k, old) ->
        {
            replaced[0] = old;
            byLocation.add(k);
            return entry;
        });
        if (replaced[0] != null)
        {
            bytesHeld.addAndGet(-replaced[0].slot().bytes());
        }
        if (this.epoch.get() != epoch)
        {
            // An invalidation ran while the value was read: it may have missed this entry.
            remove(entry);
        }
        keepHot(value);
    }

    /**
     * Drops every entry whose location lies in {@code [from, to)}: stored bytes there changed or
     * left the store.
     *
     * @param from first location, inclusive.
     * @param to   last location, exclusive.
     * @return how many entries were dropped.
     */
    public int invalidate(final long from, final long to)
    {
        epoch.incrementAndGet();
        int dropped = 0;
        for (final CacheKey key : byLocation.subSet(CacheKey.first(from), CacheKey.first(to)))
        {
            final CachedRef entry = entries.get(key);
            if (entry != null && remove(entry))
            {
                dropped++;
            }
        }
        invalidations.addAndGet(dropped);
        return dropped;
    }

    private void dropCleared()
    {
        Reference<?> ref;
        while ((ref = cleared.poll()) != null)
        {
            if (remove((CachedRef)ref))
            {
                evictions.incrementAndGet();
            }
        }
    }

    private boolean remove(final CachedRef entry)
    {
        final CachedRef.Slot slot = entry.slot();
        final boolean[] removed = new boolean[1];
        entries.computeIfPresent(new CacheKey(slot.location(), slot.decoder()), (k, current) ->
        {
            if (current != entry)
            {
                return current;
            }
            byLocation.remove(k);
            removed[0] = true;
            return null;
        });
        if (removed[0])
        {
            bytesHeld.addAndGet(-slot.bytes());
        }
        return removed[0];
    }

    private void keepHot(final Object value)
    {
        if (hotMask >= 0)
        {
            hot.lazySet(hotNext.getAndIncrement() & hotMask, value);
        }
    }

    /** @return reads served from the cache. */
    public long hits()
    {
        return hits.sum();
    }

    /** @return reads the cache could not serve. */
    public long misses()
    {
        return misses.sum();
    }

    /** @return entries dropped because the collector cleared their value. */
    public long evictions()
    {
        return evictions.get();
    }

    /** @return entries dropped by {@link #invalidate}. */
    public long invalidations()
    {
        return invalidations.get();
    }

    /** @return the size estimates of the entries in the map, cleared ones not yet dropped included. */
    public long bytesHeld()
    {
        return bytesHeld.get();
    }

    /** @return entries in the map; walks it. */
    public int entries()
    {
        return entries.size();
    }

    /** @return how many values are held strongly at most. */
    public int hotSetSize()
    {
        return hot.length();
    }
}
