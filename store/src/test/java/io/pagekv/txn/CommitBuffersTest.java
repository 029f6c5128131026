package io.pagekv.txn;

import io.pagekv.Cursor;
import io.pagekv.Durability;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.WriteTxn;
import io.pagekv.format.OwnedDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CommitBuffers}: a buffer a closed store gives back is handed, zeroed, to the next
 * transaction that fits in it; the larger of two is kept, none over the limit; and a store that
 * takes another's buffer writes exactly its own entries.
 */
class CommitBuffersTest
{
    private static final OwnedDirectBuffer EMPTY = new OwnedDirectBuffer(0);

    @TempDir
    Path dir;

    @Test
    void aBufferGivenBackIsHandedOnZeroedOnlyWhenLargeEnoughAndTheLargerIsKept()
    {
        takeIdle();
        final OwnedDirectBuffer first = CommitBuffers.grow(EMPTY, 100_000);
        assertTrue(first.capacity() >= 100_000);
        first.setMemory(0, first.capacity(), (byte)7);
        CommitBuffers.giveBack(first);
        assertEquals(first.capacity(), CommitBuffers.idleCapacity());

        final OwnedDirectBuffer again = CommitBuffers.grow(EMPTY, 50_000);
        assertSame(first, again, "the idle buffer is large enough");
        assertEquals(0, CommitBuffers.idleCapacity());
        final byte[] bytes = new byte[again.capacity()];
        again.getBytes(0, bytes);
        assertArrayEquals(new byte[bytes.length], bytes, "no byte of its last user is left");

        CommitBuffers.giveBack(again);
        final OwnedDirectBuffer larger = CommitBuffers.grow(EMPTY, again.capacity() + 1);
        assertNotSame(again, larger, "the idle buffer is too small");
        assertTrue(larger.capacity() > again.capacity());
        assertEquals(again.capacity(), CommitBuffers.idleCapacity(), "the smaller one still waits");
        CommitBuffers.giveBack(larger);
        assertEquals(larger.capacity(), CommitBuffers.idleCapacity(), "the larger one is kept");

        takeIdle();
        CommitBuffers.giveBack(new OwnedDirectBuffer(CommitBuffers.MAX_IDLE_BYTES + 4096));
        assertEquals(0, CommitBuffers.idleCapacity(), "a buffer over the limit is left to the collector");
    }

    @Test
    void aBufferGrowsByDoublingFromItsOutgrownSize()
    {
        takeIdle();
        final OwnedDirectBuffer small = CommitBuffers.grow(EMPTY, 1);
        assertEquals(CommitBuffers.MIN_BYTES, small.capacity());
        final OwnedDirectBuffer doubled = CommitBuffers.grow(small, small.capacity() + 1);
        assertEquals(2 * CommitBuffers.MIN_BYTES, doubled.capacity());
        assertEquals(small.capacity(), CommitBuffers.idleCapacity(), "the outgrown one is given back");
    }

    @Test
    void aStoreThatTakesAnothersBufferWritesExactlyItsOwnEntries()
    {
        takeIdle();
        final TreeMap<String, String> first = new TreeMap<>();
        final Path firstDir = dir.resolve("first");
        try (Store store = Store.open(firstDir, StoreOptions.defaults().withDurability(Durability.ASYNC)))
        {
            commitRandom(store, first, new SplittableRandom(1), "first-");
        }
        assertTrue(CommitBuffers.idleCapacity() > 0, "the closed store gave its buffer back");

        final TreeMap<String, String> second = new TreeMap<>();
        final Path secondDir = dir.resolve("second");
        try (Store store = Store.open(secondDir, StoreOptions.defaults().withDurability(Durability.ASYNC)))
        {
            commitRandom(store, second, new SplittableRandom(2), "second-");
            assertEquals(0, CommitBuffers.idleCapacity(), "the second store took it");
            assertHolds(store, second);
        }
        for (final Map.Entry<Path, TreeMap<String, String>> expected : Map.of(firstDir, first, secondDir, second).entrySet())
        {
            try (Store store = Store.open(expected.getKey()))
            {
                assertTrue(store.verify().isClean(), () -> store.verify().problems().toString());
                assertHolds(store, expected.getValue());
            }
        }
    }

    private static void commitRandom(final Store store, final TreeMap<String, String> model, final SplittableRandom random, final String prefix)
    {
        for (int txn = 0; txn < 20; txn++)
        {
            try (WriteTxn write = store.beginWrite())
            {
                for (int i = 0; i < 500; i++)
                {
                    final String key = prefix + random.nextInt(5000);
                    final char[] value = new char[random.nextInt(1, 300)];
                    Arrays.fill(value, (char)('a' + random.nextInt(26)));
                    write.put(bytes(key), bytes(new String(value)));
                    model.put(key, new String(value));
                }
                write.commit();
            }
        }
    }

    private static void assertHolds(final Store store, final TreeMap<String, String> model)
    {
        try (Snapshot snapshot = store.snapshot(); Cursor cursor = snapshot.range(null, null))
        {
            for (final Map.Entry<String, String> entry : model.entrySet())
            {
                assertTrue(cursor.next(), "missing " + entry.getKey());
                assertEquals(entry.getKey(), new String(cursor.keyBytes(), StandardCharsets.UTF_8));
                assertEquals(entry.getValue(), new String(cursor.valueBytes(), StandardCharsets.UTF_8));
            }
            assertFalse(cursor.next(), "no entry beyond the model's");
        }
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Empties the idle slot, which earlier tests in this JVM may have filled. */
    private static void takeIdle()
    {
        while (CommitBuffers.idleCapacity() > 0)
        {
            CommitBuffers.grow(EMPTY, 1);
        }
    }
}
