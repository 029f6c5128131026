package io.pagekv;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Snapshot#view(org.agrona.DirectBuffer, UnsafeBuffer)}: the point read that re-points the
 * caller's flyweight. It answers as a {@link TreeMap} model does, leaves the flyweight alone for
 * an absent key, and allocates nothing per get.
 */
class SnapshotViewIntoTest
{
    @TempDir
    Path dir;

    @Property(tries = 30)
    void answersAsTheModel(
        @ForAll @Size(min = 1, max = 60) final List<@IntRange(min = 0, max = 99) Integer> keys,
        @ForAll @IntRange(min = 0, max = 3000) final int valueSize) throws Exception
    {
        final Path store = Files.createTempDirectory("pagekv-view-into");
        final TreeMap<Integer, byte[]> model = new TreeMap<>();
        final StoreOptions options = StoreOptions.defaults().withDurability(Durability.ASYNC);
        try (Store s = Store.open(store, options))
        {
            try (WriteTxn txn = s.beginWrite())
            {
                for (final int k : keys)
                {
                    final byte[] value = new byte[valueSize + k + 1];
                    value[value.length - 1] = (byte)k;
                    txn.put(key(k), value);
                    model.put(k, value);
                }
                txn.commit();
            }
            final UnsafeBuffer into = new UnsafeBuffer(0, 0);
            final UnsafeBuffer key = new UnsafeBuffer(0, 0);
            try (Snapshot snapshot = s.snapshot())
            {
                for (int k = 0; k < 100; k++)
                {
                    key.wrap(key(k));
                    final byte[] before = Bytes.copy(into);
                    final boolean found = snapshot.view(key, into);
                    assertEquals(model.containsKey(k), found, "key " + k);
                    assertArrayEquals(found ? model.get(k) : before, Bytes.copy(into), "key " + k);
                }
            }
        }
        finally
        {
            DamageFixtures.delete(store);
        }
    }

    @Test
    void refusesABadKeyAndAClosedSnapshot()
    {
        try (Store store = Store.open(dir))
        {
            store.put(key(1), new byte[]{7});
            final UnsafeBuffer into = new UnsafeBuffer(0, 0);
            final Snapshot snapshot = store.snapshot();
            assertThrows(KeyTooLargeException.class, () -> snapshot.view(new UnsafeBuffer(new byte[0]), into));
            snapshot.close();
            assertThrows(StoreClosedException.class, () -> snapshot.view(new UnsafeBuffer(key(1)), into));
        }
    }

    @Test
    void aGetAllocatesNothing()
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final int gets = 20_000;
        try (Store store = Store.open(dir, StoreOptions.defaults().withDurability(Durability.ASYNC)))
        {
            try (WriteTxn txn = store.beginWrite())
            {
                for (int k = 0; k < 1000; k++)
                {
                    txn.put(key(k), new byte[100]);
                }
                txn.commit();
            }
            final UnsafeBuffer into = new UnsafeBuffer(0, 0);
            final UnsafeBuffer[] keys = new UnsafeBuffer[2000];
            for (int k = 0; k < keys.length; k++)
            {
                keys[k] = new UnsafeBuffer(key(k));
            }
            try (Snapshot snapshot = store.snapshot())
            {
                int found = read(snapshot, keys, into, gets);
                final long before = threads.getCurrentThreadAllocatedBytes();
                found += read(snapshot, keys, into, gets);
                final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertEquals(gets, found, "half of the keys are present, each read twice");
                assertTrue(allocated < gets, allocated + " bytes allocated by " + gets + " gets, hits and misses");
            }
        }
    }

    private static int read(final Snapshot snapshot, final UnsafeBuffer[] keys, final UnsafeBuffer into, final int gets)
    {
        int found = 0;
        for (int i = 0; i < gets; i++)
        {
            if (snapshot.view(keys[i % keys.length], into))
            {
                found++;
            }
        }
        return found;
    }

    private static byte[] key(final int k)
    {
        return String.format("key-%04d", k).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
