package io.pagekv;

import io.pagekv.codec.Codecs;
import io.pagekv.format.LeafLayout;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueCompressionTest
{
    @TempDir
    Path dir;

    static byte[] json(final long seed, final int length)
    {
        final Random random = new Random(seed);
        final String[] words = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot"};
        final StringBuilder text = new StringBuilder("{\"id\":" + seed + ",\"items\":[");
        while (text.length() < length)
        {
            text.append("{\"name\":\"").append(words[random.nextInt(words.length)]).append("\",\"qty\":").append(random.nextInt(1000))
                .append("},");
        }
        return text.substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] key(final String key)
    {
        return key.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] randomBytes(final int length)
    {
        final byte[] value = new byte[length];
        new Random(length).nextBytes(value);
        return value;
    }

    @Test
    void eachValueIsStoredInTheKindThePolicyAndItsSizeCall()
    {
        final byte[] small = json(1, 40);
        final byte[] kib = json(2, 1024);
        final byte[] large = json(3, 8192);
        final byte[] incompressible = randomBytes(8192);
        try (Store store = Store.open(dir, StoreOptions.defaults().withCompression(CompressionPolicy.lz4(64, 10))))
        {
            try (WriteTxn txn = store.beginWrite())
            {
                txn.put(key("small"), small);
                txn.put(key("kib"), kib);
                txn.put(key("large"), large);
                txn.put(key("random"), incompressible);
                txn.commit();
            }
            final Map<String, StoredEntries.Stored> stored = StoredEntries.latest(store);
            assertEquals(LeafLayout.VALUE_INLINE, stored.get("small").entry().valueKind(), "under minBytes");
            assertEquals(LeafLayout.VALUE_LZ4_INLINE, stored.get("kib").entry().valueKind(), "1 KiB compresses to fit a leaf");
            assertEquals(LeafLayout.VALUE_LZ4, stored.get("large").entry().valueKind(), "8 KiB compresses into a shorter run");
            assertEquals(LeafLayout.VALUE_OVERFLOW, stored.get("random").entry().valueKind(), "random bytes do not save 10%");
            for (final Map.Entry<String, byte[]> e : Map.of("small", small, "kib", kib, "large", large, "random", incompressible).entrySet())
            {
                assertArrayEquals(e.getValue(), store.get(key(e.getKey())), e.getKey());
                try (Snapshot snap = store.snapshot(); Cursor cursor = snap.range(key(e.getKey()), null))
                {
                    assertArrayEquals(e.getValue(), Bytes.copy(snap.view(key(e.getKey()))));
                    assertTrue(cursor.next());
                    assertArrayEquals(e.getValue(), cursor.valueBytes());
                }
            }
            TestStores.assertClean(store);
        }
        try (Store store = Store.openReadOnly(dir))
        {
            assertArrayEquals(large, store.get(key("large")), "read back by a store whose own policy is off");
            assertArrayEquals(kib, store.get(key("kib")));
        }
    }

    @Test
    void aPerPutPolicyOverridesTheStores()
    {
        final byte[] value = json(4, 6000);
        try (Store store = Store.open(dir, StoreOptions.defaults().withCompression(CompressionPolicy.lz4(0, 0))))
        {
            try (WriteTxn txn = store.beginWrite())
            {
                txn.put(key("kept-raw"), value, CompressionPolicy.off());
                txn.put(key("by-policy"), value);
                txn.commit();
            }
            final Map<String, StoredEntries.Stored> stored = StoredEntries.latest(store);
            assertEquals(LeafLayout.VALUE_OVERFLOW, stored.get("kept-raw").entry().valueKind());
            assertEquals(LeafLayout.VALUE_LZ4, stored.get("by-policy").entry().valueKind());
        }
        try (Store store = Store.open(dir))
        {
            try (WriteTxn txn = store.beginWrite())
            {
                txn.put(key("override"), value, CompressionPolicy.lz4(0, 50));
                txn.commit();
            }
            assertEquals(LeafLayout.VALUE_LZ4, StoredEntries.latest(store).get("override").entry().valueKind());
            assertArrayEquals(value, store.get(key("override")));
        }
    }

    @Test
    void compressibleLargeValuesTakeAtMostHalfTheDiskOfUncompressedOnes()
    {
        final long raw = pagesFor(dir.resolve("raw"), CompressionPolicy.off());
        final long lz4 = pagesFor(dir.resolve("lz4"), CompressionPolicy.lz4(512, 10));
        assertTrue(lz4 * 2 <= raw, "compressed store takes " + lz4 + " pages, the uncompressed one " + raw);
    }

    private static long pagesFor(final Path dir, final CompressionPolicy policy)
    {
        try (Store store = Store.open(dir, StoreOptions.defaults().withCompression(policy)))
        {
            for (int batch = 0; batch < 10; batch++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    for (int i = 0; i < 20; i++)
                    {
                        txn.put(key(String.format("doc-%04d", batch * 20 + i)), json(batch * 20 + i, 8192));
                    }
                    txn.commit();
                }
            }
            return store.verify().pagesByType().values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Test
    void aViewOfACompressedValueIsItsInflatedBytesAndOutlivesLaterWrites()
    {
        final byte[] first = json(5, 9000);
        final byte[] second = json(6, 9000);
        try (Store store = Store.open(dir, StoreOptions.defaults().withCompression(CompressionPolicy.lz4(0, 0))
            .withValueCache(CacheMode.WEAK).withValueCacheHotSet(0)))
        {
            store.put(key("doc"), first);
            try (Snapshot snap = store.snapshot())
            {
                final DirectBuffer view = snap.view(key("doc"));
                store.put(key("doc"), second);
                store.compact();
                System.gc();
                assertArrayEquals(first, Bytes.copy(view), "the view still holds the snapshot's value");
                assertArrayEquals(first, snap.get(key("doc")));
                assertArrayEquals(second, store.get(key("doc")));
            }
        }
    }

    @Test
    void aSnapshotNeverReadsAnotherCommitsValueThroughTheCache()
    {
        try (Store store = Store.open(dir, StoreOptions.defaults().withCompression(CompressionPolicy.lz4(0, 0))
            .withValueCache(CacheMode.SOFT)))
        {
            final TypedStore<String, String> typed = store.typed(Codecs.utf8(), Codecs.utf8());
            final String v1 = new String(json(7, 3000), StandardCharsets.US_ASCII);
            final String v2 = new String(json(8, 3000), StandardCharsets.US_ASCII);
            typed.put("k", v1);
            try (TypedSnapshot<String, String> old = typed.snapshot(); Snapshot raw = store.snapshot())
            {
                assertEquals(v1, old.get("k"));
                assertArrayEquals(v1.getBytes(StandardCharsets.US_ASCII), raw.get(key("k")));
                typed.put("k", v2);
                for (int i = 0; i < 3; i++)
                {
                    assertEquals(v1, old.get("k"));
                    assertEquals(v2, typed.get("k"));
                    assertArrayEquals(v1.getBytes(StandardCharsets.US_ASCII), raw.get(key("k")));
                    assertArrayEquals(v2.getBytes(StandardCharsets.US_ASCII), store.get(key("k")));
                }
            }
            final StoreStats stats = store.stats();
            assertTrue(stats.cacheHits() >= 8, stats.toString());
            assertEquals(CacheMode.SOFT, stats.cacheMode());
        }
    }

    @Test
    void compactionMovesCompressedValuesAsTheyAreAndDropsTheRetiredSegmentsEntries()
    {
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(StoreOptions.MIN_SEGMENT_SIZE)
            .withCompaction(CompactionPolicy.off()).withCompression(CompressionPolicy.lz4(0, 0)).withValueCache(CacheMode.SOFT);
        try (Store store = Store.open(dir, options))
        {
            final TypedStore<String, String> typed = store.typed(Codecs.utf8(), Codecs.utf8());
            for (int i = 0; i < 40; i++)
            {
                typed.put("doc-" + i, new String(json(i, 5000), StandardCharsets.US_ASCII));
            }
            for (int i = 0; i < 40; i++)
            {
                assertEquals(new String(json(i, 5000), StandardCharsets.US_ASCII), typed.get("doc-" + i));
            }
            for (int i = 0; i < 40; i += 2)
            {
                typed.delete("doc-" + i);
            }
            final CompactionReport report = store.compact();
            assertTrue(report.segmentsRetired() > 0, report.toString());
            assertTrue(store.stats().cacheInvalidations() > 0, "entries of retired segments are dropped: " + store.stats());
            for (int i = 1; i < 40; i += 2)
            {
                assertEquals(new String(json(i, 5000), StandardCharsets.US_ASCII), typed.get("doc-" + i));
                assertTrue(StoredEntries.latest(store).get("doc-" + i).entry().valueKind() == LeafLayout.VALUE_LZ4,
                    "still compressed after the move");
            }
            TestStores.assertClean(store);
        }
    }

    @Test
    void salvageAndBackupCopyCompressedValuesWhole()
    {
        final java.util.NavigableMap<byte[], byte[]> model = TestStores.model();
        final Path source = dir.resolve("source");
        try (Store store = Store.open(source, StoreOptions.defaults().withCompression(CompressionPolicy.lz4(0, 0))))
        {
            try (WriteTxn txn = store.beginWrite())
            {
                for (int i = 0; i < 30; i++)
                {
                    final byte[] value = json(100 + i, i % 3 == 0 ? 12_000 : 900);
                    txn.put(key("doc-" + i), value);
                    model.put(key("doc-" + i), value);
                }
                txn.commit();
            }
            final BackupReport backup = store.backup(dir.resolve("backup"));
            assertEquals(30, backup.entries());
        }
        final SalvageReport report = Store.salvage(source, dir.resolve("salvaged"), null);
        assertTrue(report.isComplete(), report.toString());
        for (final String copy : new String[] {"backup", "salvaged"})
        {
            try (Store store = Store.openReadOnly(dir.resolve(copy)); Snapshot snap = store.snapshot())
            {
                TestStores.assertSameContents(snap, model);
                TestStores.assertClean(store);
            }
        }
    }

    @Test
    void backupAndOfflineCompactionKeepEachValueAsItIsStored()
    {
        final byte[] value = json(200, 9000);
        final Path source = dir.resolve("kinds");
        try (Store store = Store.open(source, StoreOptions.defaults().withCompaction(CompactionPolicy.off())))
        {
            try (WriteTxn txn = store.beginWrite())
            {
                txn.put(key("compressed"), value, CompressionPolicy.lz4(0, 0));
                txn.put(key("raw"), value);
                txn.commit();
            }
            store.backup(dir.resolve("kinds-backup"));
        }
        Store.compactOffline(source, StoreOptions.defaults().withCompression(CompressionPolicy.lz4(0, 0)));
        for (final Path copy : new Path[] {dir.resolve("kinds-backup"), source})
        {
            try (Store store = Store.open(copy))
            {
                final Map<String, StoredEntries.Stored> stored = StoredEntries.latest(store);
                assertEquals(LeafLayout.VALUE_LZ4, stored.get("compressed").entry().valueKind(), copy + ": stays compressed");
                assertEquals(LeafLayout.VALUE_OVERFLOW, stored.get("raw").entry().valueKind(),
                    copy + ": a raw value (maybe one that is patched in place) stays raw whatever the copy's policy");
                assertArrayEquals(value, store.get(key("compressed")));
                assertArrayEquals(value, store.get(key("raw")));
            }
        }
    }
}
