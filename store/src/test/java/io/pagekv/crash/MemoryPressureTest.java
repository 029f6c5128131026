package io.pagekv.crash;

import io.pagekv.CacheMode;
import io.pagekv.CompressionPolicy;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.TypedStore;
import io.pagekv.WriteTxn;
import io.pagekv.codec.Codecs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read cache under memory pressure: a child JVM with a 64 MiB heap reads a working set of
 * decoded values (6,000 documents of 16 KiB, about 94 MiB decoded, stored LZ4-compressed) in every
 * cache mode. Each run must check every value, end without {@link OutOfMemoryError} (the cache
 * gives memory back), and report its hit rate, which this test prints.
 */
@Tag("crash")
class MemoryPressureTest
{
    private static final int ENTRIES = 6_000;
    private static final int VALUE_BYTES = 16 << 10;
    private static final int READS = 20_000;

    @TempDir
    Path tmp;

    @Test
    void aSmallHeapReadsAWorkingSetLargerThanItselfInEveryCacheMode()
    {
        final Path dir = tmp.resolve("store");
        try (Store store = Store.open(dir, StoreOptions.defaults().withCompression(CompressionPolicy.lz4(1024, 10))))
        {
            final TypedStore<Long, String> typed = store.typed(Codecs.int64(), Codecs.utf8());
            for (int batch = 0; batch < ENTRIES / 500; batch++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    for (long key = batch * 500L; key < (batch + 1) * 500L; key++)
                    {
                        txn.put(encode(key), MemoryPressureChild.document(key, VALUE_BYTES).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    }
                    txn.commit();
                }
            }
            assertEquals(MemoryPressureChild.document(42, VALUE_BYTES), typed.get(42L));
        }
        for (final CacheMode mode : List.of(CacheMode.NONE, CacheMode.WEAK, CacheMode.SOFT))
        {
            try (ChildJvm child = ChildJvm.start(Path.of(System.getProperty("java.home")), List.of("-Xmx64m"), MemoryPressureChild.class,
                tmp.resolve("child-" + mode), dir.toString(), mode.name(), Integer.toString(ENTRIES), Integer.toString(VALUE_BYTES),
                Integer.toString(READS)))
            {
                final int exit = child.waitFor();
                final List<String> lines = child.drain();
                final String stderr = child.stderr();
                assertFalse(stderr.contains("OutOfMemoryError"), mode + ": " + stderr);
                assertEquals(0, exit, mode + ": exit " + exit + ", " + lines + "\n" + stderr);
                assertTrue(lines.contains("OK"), mode + ": " + lines);
                System.out.println("[memory-pressure] cache " + mode + ": " + lines.get(0) + " (" + ENTRIES + " x " + VALUE_BYTES +
                    " B decoded, " + READS + " reads, -Xmx64m)");
            }
        }
    }

    private static byte[] encode(final long key)
    {
        final org.agrona.ExpandableArrayBuffer buffer = new org.agrona.ExpandableArrayBuffer(8);
        final int length = Codecs.int64().encode(key, buffer, 0);
        return java.util.Arrays.copyOf(buffer.byteArray(), length);
    }
}
