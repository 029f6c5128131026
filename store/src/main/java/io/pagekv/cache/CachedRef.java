package io.pagekv.cache;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;

/**
 * One entry of the {@link ValueCache}: a weak or soft reference to a decoded value, and its
 * {@link Slot}, so that the cache can drop it from its map and its byte count when the collector
 * clears it.
 */
interface CachedRef
{
    /**
     * Where an entry lives in the cache and what it counts.
     *
     * @param location where the value was read from.
     * @param decoder  what decoded it: entries of one location but another decoder miss.
     * @param bytes    the value's size estimate in bytes.
     */
    record Slot(long location, Object decoder, int bytes)
    {
    }

    /** @return the entry's slot. */
    Slot slot();

    /** @return the value, or null once the collector cleared it. */
    Object get();

    /**
     * @return a new entry of the given strength, enqueued on {@code queue} when cleared.
     */
    static CachedRef of(final CacheStrength strength, final Slot slot, final Object value, final ReferenceQueue<Object> queue)
    {
        return strength == CacheStrength.SOFT ? new Soft(slot, value, queue) : new Weak(slot, value, queue);
    }

    /** A weakly held entry. */
    final class Weak extends WeakReference<Object> implements CachedRef
    {
        private final Slot slot;

        Weak(final Slot slot, final Object value, final ReferenceQueue<Object> queue)
        {
            super(value, queue);
            this.slot = slot;
        }

        @Override
        public Slot slot()
        {
            return slot;
        }
    }

    /** A softly held entry. */
    final class Soft extends SoftReference<Object> implements CachedRef
    {
        private final Slot slot;

        Soft(final Slot slot, final Object value, final ReferenceQueue<Object> queue)
        {
            super(value, queue);
            this.slot = slot;
        }

        @Override
        public Slot slot()
        {
            return slot;
        }
    }
}
