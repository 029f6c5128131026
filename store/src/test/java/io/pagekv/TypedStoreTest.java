package io.pagekv;

import io.pagekv.codec.Codec;
import io.pagekv.codec.Codecs;
import io.pagekv.format.PageAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TypedStoreTest
{
    @TempDir
    Path dir;

    @Test
    void typedAccessReadsAndWritesTheSameDataAsBytes()
    {
        try (Store store = Store.open(dir))
        {
            final TypedStore<Long, String> typed = store.typed(Codecs.int64(), Codecs.utf8());
            typed.put(-5L, "minus five");
            typed.put(7L, "seven");
            assertEquals("seven", typed.get(7L));
            assertNull(typed.get(8L));
            final byte[] sevenKey = {(byte)0x80, 0, 0, 0, 0, 0, 0, 7};
            assertArrayEquals("seven".getBytes(StandardCharsets.UTF_8), store.get(sevenKey), "the typed put is a byte put");
            store.put(sevenKey, "SEVEN".getBytes(StandardCharsets.UTF_8));
            assertEquals("SEVEN", typed.get(7L), "a byte put is seen by the typed view");
            assertTrue(typed.delete(-5L));
            assertFalse(typed.delete(-5L));
            assertEquals(1, store.info().entryCount());
        }
    }

    @Test
    void rangesAndPrefixesOfTupleKeysFollowTheTupleOrder()
    {
        final Codec<List<Object>> keys = Codecs.tuple(Codecs.utf8(), Codecs.int64());
        try (Store store = Store.open(dir))
        {
            final TypedStore<List<Object>, UUID> typed = store.typed(keys, Codecs.uuid());
            final List<List<Object>> written = new ArrayList<>();
            try (TypedWriteTxn<List<Object>, UUID> txn = typed.beginWrite())
            {
                for (final String user : new String[] {"bob", "al", "alice", "al\u0000x"})
                {
                    for (final long n : new long[] {3, -1, 100, 0})
                    {
                        final List<Object> key = List.of(user, n);
                        txn.put(key, new UUID(user.hashCode(), n));
                        written.add(key);
                    }
                }
                assertEquals(new UUID("al".hashCode(), 3), txn.get(List.of("al", 3L)), "a transaction reads its own typed writes");
                txn.commit();
            }
            final List<List<Object>> all = keysOf(typed.range(null, null));
            final List<List<Object>> expected = new ArrayList<>(written);
            expected.sort((a, b) ->
            {
                final int byUser = ((String)a.get(0)).compareTo((String)b.get(0));
                return byUser != 0 ? byUser : Long.compare((Long)a.get(1), (Long)b.get(1));
            });
            assertEquals(expected, all);
            assertEquals(List.of(List.of("al", -1L), List.of("al", 0L), List.of("al", 3L), List.of("al", 100L)),
                keysOf(typed.prefix(List.of("al"))), "the prefix (\"al\") holds neither alice nor al\\0x");
            assertEquals(List.of(List.of("al", 0L), List.of("al", 3L)), keysOf(typed.range(List.of("al", 0L), List.of("al", 4L))));
            try (TypedSnapshot<List<Object>, UUID> snap = typed.snapshot())
            {
                typed.delete(List.of("bob", 3L));
                assertEquals(new UUID("bob".hashCode(), 3), snap.get(List.of("bob", 3L)), "the snapshot keeps its commit");
                assertEquals(16, keysOf(snap.range(null, null)).size());
                try (TypedCursor<List<Object>, UUID> cursor = snap.prefix(List.of("bob")))
                {
                    assertTrue(cursor.next());
                    assertEquals(new UUID("bob".hashCode(), -1), cursor.value());
                }
            }
            assertNull(typed.get(List.of("bob", 3L)));
        }
    }

    private static <K, V> List<K> keysOf(final TypedCursor<K, V> cursor)
    {
        try (cursor)
        {
            final List<K> keys = new ArrayList<>();
            while (cursor.next())
            {
                keys.add(cursor.key());
            }
            return keys;
        }
    }

    @Test
    void typedReadsAreDecodedOnceWhileTheCacheHoldsThem()
    {
        final CountingCodec codec = new CountingCodec();
        try (Store store = Store.open(dir, StoreOptions.defaults().withValueCache(CacheMode.SOFT)))
        {
            final TypedStore<String, String> typed = store.typed(Codecs.utf8(), codec);
            typed.put("a", "apple");
            final String first = typed.get("a");
            for (int i = 0; i < 10; i++)
            {
                assertSame(first, typed.get("a"));
            }
            try (TypedCursor<String, String> cursor = typed.range(null, null))
            {
                assertTrue(cursor.next());
                assertSame(first, cursor.value(), "a cursor reads the same cached object");
            }
            assertEquals(1, codec.decodes);
            assertEquals(11, store.stats().cacheHits());
            assertEquals(1, store.stats().cacheMisses());
        }
    }

    @Test
    void withTheCacheOffEveryTypedReadDecodes()
    {
        final CountingCodec codec = new CountingCodec();
        try (Store store = Store.open(dir, StoreOptions.defaults().withValueCache(CacheMode.NONE)))
        {
            final TypedStore<String, String> typed = store.typed(Codecs.utf8(), codec);
            typed.put("a", "apple");
            for (int i = 0; i < 5; i++)
            {
                assertEquals("apple", typed.get("a"));
            }
            assertEquals(5, codec.decodes);
            assertEquals(new StoreStats(CacheMode.NONE, 0, 0, 0, 0, 0, 0, store.stats().lz4Instance()), store.stats());
        }
    }

    @Test
    void invalidatingTheValuesPagesMakesTheNextReadDecodeAgain()
    {
        final CountingCodec codec = new CountingCodec();
        try (Store store = Store.open(dir, StoreOptions.defaults().withValueCache(CacheMode.SOFT)))
        {
            final TypedStore<String, String> typed = store.typed(Codecs.utf8(), codec);
            typed.put("inline", "short");
            typed.put("run", "x".repeat(5000));
            typed.get("inline");
            typed.get("run");
            assertEquals(2, codec.decodes);
            final StoredEntries.Stored inline = StoredEntries.latest(store).get("inline");
            final StoredEntries.Stored run = StoredEntries.latest(store).get("run");
            final long leaf = inline.leaf().summary().pageId();
            final long runPage = run.entry().overflowPageId();
            assertEquals(0, store.values().invalidatePages(PageAddress.segment(runPage), PageAddress.pageIndex(runPage) + 1, 1),
                "a page after the run's first page holds no value start");
            assertEquals(1, store.values().invalidatePages(PageAddress.segment(runPage), PageAddress.pageIndex(runPage), 2));
            typed.get("inline");
            typed.get("run");
            assertEquals(3, codec.decodes, "only the run's value was decoded again");
            assertEquals(1, store.values().invalidatePages(PageAddress.segment(leaf), PageAddress.pageIndex(leaf), 1));
            typed.get("inline");
            assertEquals(4, codec.decodes);
            assertEquals(2, store.stats().cacheInvalidations());
        }
    }

    /** UTF-8 strings, counting decodes. */
    private static final class CountingCodec implements Codec<String>
    {
        int decodes;

        @Override
        public int encode(final String value, final org.agrona.MutableDirectBuffer buffer, final int offset)
        {
            return Codecs.utf8().encode(value, buffer, offset);
        }

        @Override
        public String decode(final org.agrona.DirectBuffer buffer, final int offset, final int length)
        {
            decodes++;
            return Codecs.utf8().decode(buffer, offset, length);
        }
    }
}
