package io.pagekv.cache;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueCacheTest
{
    private static final Object RAW = new Object();
    private static final Object CODEC = new Object();

    @Test
    void countsHitsAndMissesAndKeysByLocationAndDecoder()
    {
        final ValueCache cache = new ValueCache(CacheStrength.SOFT, 4);
        final byte[] value = new byte[100];
        assertNull(cache.get(7, RAW));
        cache.put(7, RAW, value, value.length, cache.epoch());
        assertSame(value, cache.get(7, RAW));
        assertNull(cache.get(7, CODEC), "another decoder's form of the same location is a miss");
        assertNull(cache.get(8, RAW));
        assertEquals(1, cache.hits());
        assertEquals(3, cache.misses());
        assertEquals(100, cache.bytesHeld());
        final String decoded = "decoded";
        cache.put(7, CODEC, decoded, 7, cache.epoch());
        assertSame(decoded, cache.get(7, CODEC));
        assertSame(value, cache.get(7, RAW), "the raw and the decoded form of a location are cached side by side");
        assertEquals(107, cache.bytesHeld());
        assertEquals(2, cache.entries());
        final String again = "decoded again";
        cache.put(7, CODEC, again, 13, cache.epoch());
        assertSame(again, cache.get(7, CODEC));
        assertEquals(113, cache.bytesHeld(), "a put for the same location and decoder replaces the entry");
        assertEquals(2, cache.invalidate(7, 8), "a location's range covers every decoder's entry");
    }

    @Test
    void invalidateDropsExactlyTheLocationsInTheRange()
    {
        final ValueCache cache = new ValueCache(CacheStrength.SOFT, 0);
        final Object[] values = new Object[10];
        for (int i = 0; i < 10; i++)
        {
            values[i] = "v" + i;
            cache.put(i * 100L, RAW, values[i], 10, cache.epoch());
        }
        assertEquals(3, cache.invalidate(250, 550));
        for (int i = 0; i < 10; i++)
        {
            final boolean dropped = i >= 3 && i <= 5;
            assertEquals(dropped ? null : values[i], cache.get(i * 100L, RAW), "location " + i * 100);
        }
        assertEquals(3, cache.invalidations());
        assertEquals(70, cache.bytesHeld());
    }

    @Test
    void weakEntriesGoAtCollectionAndAreCountedAsEvictions() throws InterruptedException
    {
        final ValueCache cache = new ValueCache(CacheStrength.WEAK, 0);
        for (int i = 0; i < 100; i++)
        {
            cache.put(i, RAW, new byte[1000], 1000, cache.epoch());
        }
        for (int round = 0; round < 50 && cache.evictions() < 100; round++)
        {
            System.gc();
            Thread.sleep(10);
            cache.put(1_000 + round, RAW, new byte[1], 1, cache.epoch());
            for (int i = 0; i < 100; i++)
            {
                cache.get(i, RAW);
            }
        }
        assertTrue(cache.evictions() >= 100, "evictions " + cache.evictions());
        assertTrue(cache.bytesHeld() < 100, "bytes held " + cache.bytesHeld());
    }

    @Test
    void theHotSetKeepsTheMostRecentValuesThroughACollection() throws InterruptedException
    {
        final ValueCache cache = new ValueCache(CacheStrength.WEAK, 8);
        assertEquals(8, cache.hotSetSize());
        for (int i = 0; i < 8; i++)
        {
            cache.put(i, RAW, new byte[1000], 1000, cache.epoch());
        }
        for (int round = 0; round < 5; round++)
        {
            System.gc();
            Thread.sleep(10);
        }
        for (int i = 0; i < 8; i++)
        {
            assertTrue(cache.get(i, RAW) != null, "hot value " + i + " was collected");
        }
        for (int i = 8; i < 16; i++)
        {
            cache.put(i, RAW, new byte[1000], 1000, cache.epoch());
        }
        for (int round = 0; round < 50 && cache.evictions() < 8; round++)
        {
            System.gc();
            Thread.sleep(10);
            cache.put(-1, RAW, "drains the reference queue", 1, cache.epoch());
        }
        assertNull(cache.get(0, RAW), "a value pushed out of the hot set is held only weakly");
    }

    @Test
    void aValueReadBeforeAnInvalidationIsNotCachedAfterIt()
    {
        final ValueCache cache = new ValueCache(CacheStrength.SOFT, 4);
        final long before = cache.epoch();
        cache.invalidate(0, 100);
        cache.put(50, RAW, "read from bytes that changed since", 10, before);
        assertNull(cache.get(50, RAW), "put after an invalidation it did not see");
        assertEquals(0, cache.bytesHeld());
        cache.put(50, RAW, "read afresh", 10, cache.epoch());
        assertEquals("read afresh", cache.get(50, RAW));
    }
}
