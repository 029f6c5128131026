package io.pagekv.cache;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;

/**
 * One entry of the {@link ValueCache}: a weak or soft reference to a decoded value, with the
 * location it was read from, what decoded it, and its size, so that the cache can drop it from
 * its map and its byte count when the collector clears it.
 */
interface CachedRef
{
    /** @return the location the value was read from. */
    long location();

    /** @return what decoded the value: entries of one location but another decoder miss. */
    Object decoder();

    /** @return the value's size estimate in bytes. */
    int bytes();

    /** @return the value, or null once the collector cleared it. */
    Object get();

    /**
     * @return a new entry of the given strength, enqueued on {@code queue} when cleared.
     */
    static CachedRef of(
        final CacheStrength strength, final long location, final Object decoder, final Object value, final int bytes,
        final ReferenceQueue<Object> queue)
    {
        return strength == CacheStrength.SOFT ?
            new Soft(location, decoder, value, bytes, queue) : new Weak(location, decoder, value, bytes, queue);
    }

    /** A weakly held entry. */
    final class Weak extends WeakReference<Object> implements CachedRef
    {
        private final long location;
        private final Object decoder;
        private final int bytes;

        Weak(final long location, final Object decoder, final Object value, final int bytes, final ReferenceQueue<Object> queue)
        {
            super(value, queue);
            this.location = location;
            this.decoder = decoder;
            this.bytes = bytes;
        }

        @Override
        public long location()
        {
            return location;
        }

        @Override
        public Object decoder()
        {
            return decoder;
        }

        @Override
        public int bytes()
        {
            return bytes;
        }
    }

    /** A softly held entry. */
    final class Soft extends SoftReference<Object> implements CachedRef
    {
        private final long location;
        private final Object decoder;
        private final int bytes;

        Soft(final long location, final Object decoder, final Object value, final int bytes, final ReferenceQueue<Object> queue)
        {
            super(value, queue);
            this.location = location;
            this.decoder = decoder;
            this.bytes = bytes;
        }

        @Override
        public long location()
        {
            return location;
        }

        @Override
        public Object decoder()
        {
            return decoder;
        }

        @Override
        public int bytes()
        {
            return bytes;
        }
    }
}
