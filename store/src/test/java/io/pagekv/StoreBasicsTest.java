package io.pagekv;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreBasicsTest
{
    @TempDir
    Path dir;

    private static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putGetDeleteSurviveReopen()
    {
        try (Store store = Store.open(dir))
        {
            store.put(b("a"), b("1"));
            store.put(b("b"), b("2"));
            assertArrayEquals(b("1"), store.get(b("a")));
            assertTrue(store.delete(b("a")));
            assertFalse(store.delete(b("a")));
            assertNull(store.get(b("a")));
        }
        try (Store store = Store.open(dir))
        {
            assertNull(store.get(b("a")));
            assertArrayEquals(b("2"), store.get(b("b")));
            assertEquals(1, store.info().entryCount());
        }
    }

    @Test
    void manyEntriesSplitAndScanInOrder()
    {
        final int n = 20_000;
        try (Store store = Store.open(dir, StoreOptions.defaults().withSegmentSize(1 << 20)))
        {
            try (WriteTxn txn = store.beginWrite())
            {
                for (int i = 0; i < n; i++)
                {
                    txn.put(b(String.format("key%08d", i * 7919 % n)), b("value" + i));
                }
                txn.commit();
            }
            try (Snapshot snap = store.snapshot(); Cursor c = snap.range(null, null))
            {
                int i = 0;
                while (c.next())
                {
                    assertEquals(String.format("key%08d", i), new String(c.keyBytes(), StandardCharsets.UTF_8));
                    i++;
                }
                assertEquals(n, i);
                assertEquals(n, snap.count());
            }
            try (WriteTxn txn = store.beginWrite())
            {
                for (int i = 0; i < n; i += 2)
                {
                    assertTrue(txn.delete(b(String.format("key%08d", i))));
                }
                txn.commit();
            }
        }
        try (Store store = Store.open(dir); Snapshot snap = store.snapshot(); Cursor c = snap.range(null, null, Order.DESCENDING))
        {
            final List<String> keys = new ArrayList<>();
            while (c.next())
            {
                keys.add(new String(c.keyBytes(), StandardCharsets.UTF_8));
            }
            assertEquals(n / 2, keys.size());
            assertEquals(String.format("key%08d", n - 1), keys.get(0));
            assertEquals(n / 2, snap.count());
        }
    }

    @Test
    void largeValuesReadBackZeroCopy()
    {
        final byte[] big = new byte[5 << 20];
        for (int i = 0; i < big.length; i++)
        {
            big[i] = (byte)(i * 31);
        }
        try (Store store = Store.open(dir, StoreOptions.defaults().withSegmentSize(1 << 20)))
        {
            store.put(b("big"), big);
            store.put(b("empty"), new byte[0]);
            try (Snapshot snap = store.snapshot())
            {
                final DirectBuffer view = snap.view(b("big"));
                assertEquals(big.length, view.capacity());
                assertEquals(big[12345], view.getByte(12345));
                assertEquals(0, snap.view(b("empty")).capacity());
            }
        }
        try (Store store = Store.open(dir))
        {
            assertArrayEquals(big, store.get(b("big")));
        }
    }

    @Test
    void sixtyFourMebibyteValueRoundTrips()
    {
        final byte[] big = new byte[(64 << 20) + 1];
        new java.util.Random(64).nextBytes(big);
        try (Store store = Store.open(dir))
        {
            store.put(b("huge"), big);
        }
        try (Store store = Store.open(dir); Snapshot snap = store.snapshot())
        {
            final DirectBuffer view = snap.view(b("huge"));
            assertEquals(big.length, view.capacity());
            final byte[] copy = new byte[big.length];
            view.getBytes(0, copy);
            assertArrayEquals(big, copy);
            TestStores.assertClean(store);
        }
    }

    @Test
    void oversizedValueIsRefusedAndChangesNothing()
    {
        try (Store store = Store.open(dir))
        {
            store.put(b("k"), b("v"));
            final long txn = store.info().lastTxnId();
            try (WriteTxn write = store.beginWrite())
            {
                write.put(b("other"), b("x"));
                assertThrows(IllegalArgumentException.class, () -> write.put(null, b("x")));
                assertThrows(KeyTooLargeException.class, () -> write.delete(new byte[0]));
                assertEquals(2, write.count(), "a refused call leaves the transaction as it was");
            }
            assertEquals(txn, store.info().lastTxnId(), "the aborted transaction wrote nothing");
            assertNull(store.get(b("other")));
        }
    }

    @Test
    void writersOnManyThreadsAreSerialized() throws InterruptedException
    {
        try (Store store = Store.open(dir, StoreOptions.defaults().withDurability(Durability.ASYNC)))
        {
            final Thread[] writers = new Thread[4];
            for (int t = 0; t < writers.length; t++)
            {
                writers[t] = new Thread(() ->
                {
                    for (int i = 0; i < 250; i++)
                    {
                        try (WriteTxn txn = store.beginWrite())
                        {
                            final byte[] current = txn.get(b("counter"));
                            final long next = (current == null ? 0 : java.nio.ByteBuffer.wrap(current).getLong()) + 1;
                            txn.put(b("counter"), java.nio.ByteBuffer.allocate(8).putLong(next).array());
                            txn.commit();
                        }
                    }
                });
                writers[t].start();
            }
            for (final Thread writer : writers)
            {
                writer.join();
            }
            assertEquals(1000, java.nio.ByteBuffer.wrap(store.get(b("counter"))).getLong(), "no increment was lost");
            assertEquals(1000, store.info().lastTxnId());
        }
    }

    @Test
    void badKeysAreRefused()
    {
        try (Store store = Store.open(dir))
        {
            assertThrows(KeyTooLargeException.class, () -> store.put(new byte[0], b("x")));
            assertThrows(KeyTooLargeException.class, () -> store.put(new byte[store.maxKeySize() + 1], b("x")));
            store.put(new byte[store.maxKeySize()], b("x"));
            assertEquals(1, store.info().entryCount());
        }
    }

    @Test
    void aDirectoryThatIsNotAStoreIsLeftAlone() throws Exception
    {
        java.nio.file.Files.writeString(dir.resolve("notes.txt"), "mine");
        final StoreException ex = assertThrows(StoreException.class, () -> Store.open(dir));
        assertTrue(ex.getMessage().contains("not empty") && ex.getMessage().contains("notes.txt"), ex.getMessage());
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir))
        {
            assertEquals(List.of("notes.txt"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        final Path file = dir.resolve("notes.txt");
        assertThrows(StoreIOException.class, () -> Store.open(file));
        assertThrows(StoreException.class, () -> Store.openReadOnly(dir));
    }

    @Test
    void secondWriterInProcessIsRefused()
    {
        try (Store store = Store.open(dir))
        {
            final StoreLockedException ex = assertThrows(StoreLockedException.class, () -> Store.open(dir));
            assertEquals(ProcessHandle.current().pid(), ex.holderPid());
            store.put(b("k"), b("v"));
        }
    }
}
