package io.pagekv;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write on a thread that already holds an open write transaction is refused: with a reentrant
 * write lock it would commit on the head, and the outer transaction would then commit its older
 * tree over it and lose it (issue 11). The outer transaction stays usable.
 */
class NestedWriteTest
{
    @TempDir
    Path dir;

    private static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theReportedCaseLosesNothing()
    {
        try (Store s = Store.open(dir))
        {
            final WriteTxn t = s.beginWrite();
            t.put(b("a"), b("1"));
            assertThrows(IllegalStateException.class, () -> s.put(b("b"), b("2")));
            t.commit();
            assertArrayEquals(b("1"), s.get(b("a")));
            assertNull(s.get(b("b")), "the refused put wrote nothing");
            s.put(b("b"), b("2"));
            assertArrayEquals(b("2"), s.get(b("b")), "after the outer transaction ends, writes work again");
            assertTrue(s.verify().isClean());
        }
    }

    @Test
    void nestedTryBlocksCallbacksAndCursorLoopsAreRefused()
    {
        try (Store s = Store.open(dir))
        {
            s.put(b("k1"), b("v1"));
            s.put(b("k2"), b("v2"));
            try (WriteTxn outer = s.beginWrite())
            {
                assertThrows(IllegalStateException.class, () ->
                {
                    try (WriteTxn inner = s.beginWrite())
                    {
                        inner.put(b("x"), b("y"));
                        inner.commit();
                    }
                });
                final Consumer<byte[]> helper = key -> s.delete(key);
                assertThrows(IllegalStateException.class, () -> helper.accept(b("k1")));
                try (Snapshot snap = s.snapshot(); Cursor c = snap.range(null, null))
                {
                    while (c.next())
                    {
                        final byte[] key = new byte[c.key().capacity()];
                        c.key().getBytes(0, key);
                        assertThrows(IllegalStateException.class, () -> s.put(key, b("changed")));
                        outer.put(key, b("by-outer"));
                    }
                }
                outer.commit();
            }
            assertArrayEquals(b("by-outer"), s.get(b("k1")));
            assertArrayEquals(b("by-outer"), s.get(b("k2")));
            assertNull(s.get(b("x")));
            assertEquals(2, s.info().entryCount());
            assertTrue(s.verify().isClean());
        }
    }

    @Test
    void anotherThreadStillWaitsForTheWriter() throws Exception
    {
        try (Store s = Store.open(dir))
        {
            final Thread other;
            try (WriteTxn outer = s.beginWrite())
            {
                outer.put(b("first"), b("1"));
                other = new Thread(() -> s.put(b("second"), b("2")));
                other.start();
                other.join(200);
                assertTrue(other.isAlive(), "another thread waits; only the same thread is refused");
                outer.commit();
            }
            other.join();
            assertArrayEquals(b("1"), s.get(b("first")));
            assertArrayEquals(b("2"), s.get(b("second")));
        }
    }

    /** One step on the writer's thread: in the outer transaction, or a write attempted around it. */
    enum Step
    {
        OUTER_PUT, OUTER_DELETE, NESTED_PUT, NESTED_DELETE, NESTED_BEGIN, COMMIT, ABORT, BEGIN
    }

    @Property(tries = 60)
    void interleavedWritesOnOneThreadNeverLoseACommit(@ForAll("steps") final List<Step> steps, @ForAll("keys") final List<Integer> keys)
        throws IOException
    {
        final Path store = Files.createTempDirectory("pagekv-nested");
        final TreeMap<String, byte[]> committed = new TreeMap<>();
        final TreeMap<String, byte[]> pending = new TreeMap<>();
        try (Store s = Store.open(store, StoreOptions.defaults().withDurability(Durability.ASYNC)))
        {
            WriteTxn txn = null;
            for (int i = 0; i < steps.size(); i++)
            {
                final String key = "k" + keys.get(i % keys.size());
                final byte[] value = b("v" + i);
                switch (steps.get(i))
                {
                    case BEGIN ->
                    {
                        if (txn == null)
                        {
                            txn = s.beginWrite();
                            pending.clear();
                            pending.putAll(committed);
                        }
                    }
                    case OUTER_PUT ->
                    {
                        if (txn != null)
                        {
                            txn.put(b(key), value);
                            pending.put(key, value);
                        }
                        else
                        {
                            s.put(b(key), value);
                            committed.put(key, value);
                        }
                    }
                    case OUTER_DELETE ->
                    {
                        if (txn != null)
                        {
                            txn.delete(b(key));
                            pending.remove(key);
                        }
                        else
                        {
                            s.delete(b(key));
                            committed.remove(key);
                        }
                    }
                    case NESTED_PUT, NESTED_DELETE, NESTED_BEGIN ->
                    {
                        if (txn != null)
                        {
                            final Step step = steps.get(i);
                            assertThrows(IllegalStateException.class, () ->
                            {
                                switch (step)
                                {
                                    case NESTED_PUT -> s.put(b(key), value);
                                    case NESTED_DELETE -> s.delete(b(key));
                                    default -> s.beginWrite().close();
                                }
                            });
                        }
                    }
                    case COMMIT, ABORT ->
                    {
                        if (txn != null)
                        {
                            if (steps.get(i) == Step.COMMIT)
                            {
                                txn.commit();
                                committed.clear();
                                committed.putAll(pending);
                            }
                            else
                            {
                                txn.abort();
                            }
                            txn = null;
                        }
                    }
                    default -> throw new AssertionError(steps.get(i));
                }
            }
            if (txn != null)
            {
                txn.commit();
                committed.clear();
                committed.putAll(pending);
            }
            assertContents(s, committed);
            assertTrue(s.verify().isClean());
        }
        try (Store s = Store.openReadOnly(store))
        {
            assertContents(s, committed);
        }
        finally
        {
            try (java.util.stream.Stream<Path> files = Files.walk(store))
            {
                for (final Path file : (Iterable<Path>)files.sorted(java.util.Comparator.reverseOrder())::iterator)
                {
                    Files.delete(file);
                }
            }
        }
    }

    private static void assertContents(final Store s, final TreeMap<String, byte[]> model)
    {
        assertEquals(model.size(), s.info().entryCount());
        for (final Map.Entry<String, byte[]> e : model.entrySet())
        {
            assertTrue(Arrays.equals(e.getValue(), s.get(b(e.getKey()))), e.getKey());
        }
    }

    @Provide
    Arbitrary<List<Step>> steps()
    {
        return Arbitraries.of(Step.class).list().ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<Integer>> keys()
    {
        return Arbitraries.integers().between(0, 9).list().ofMinSize(1).ofMaxSize(10);
    }
}
