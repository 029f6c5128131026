package io.pagekv;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
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
    void badArgumentsInATransactionAreRefusedAndChangeNothing()
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
    void oversizedValueIsRefusedAndChangesNothing()
    {
        final int limit = 10_000;
        try (Store store = Store.open(dir, StoreOptions.defaults().withMaxValueSize(limit)))
        {
            assertEquals(limit, store.maxValueSize());
            store.put(b("k"), b("v"));
            final long txn = store.info().lastTxnId();
            final ValueTooLargeException refused = assertThrows(ValueTooLargeException.class, () -> store.put(b("big"), new byte[limit + 1]));
            assertTrue(refused.getMessage().contains(Integer.toString(limit)), refused.getMessage());
            try (WriteTxn write = store.beginWrite())
            {
                write.put(b("fits"), new byte[limit]);
                assertThrows(ValueTooLargeException.class, () -> write.put(new UnsafeBuffer(b("big")), new UnsafeBuffer(new byte[limit + 1])));
                assertEquals(2, write.count(), "the refused put left the transaction as it was");
                write.commit();
            }
            assertEquals(txn + 1, store.info().lastTxnId());
            assertNull(store.get(b("big")));
            assertEquals(limit, store.get(b("fits")).length);
            assertThrows(IllegalArgumentException.class, () -> StoreOptions.defaults().withMaxValueSize(Store.MAX_VALUE_SIZE + 1));
            assertThrows(IllegalArgumentException.class, () -> StoreOptions.defaults().withMaxValueSize(-1));
        }
    }

    @Test
    void readOnlyAndClosedStatesAreReportedAndEnforced()
    {
        final Store writable = Store.open(dir);
        assertFalse(writable.isReadOnly());
        assertFalse(writable.isClosed());
        writable.put(b("k"), b("v"));
        try (Store reader = Store.openReadOnly(dir))
        {
            assertTrue(reader.isReadOnly());
            assertArrayEquals(b("v"), reader.get(b("k")));
            assertThrows(StoreException.class, () -> reader.put(b("k"), b("w")));
            assertThrows(StoreException.class, reader::beginWrite);
        }
        writable.close();
        assertTrue(writable.isClosed());
        assertThrows(StoreClosedException.class, () -> writable.get(b("k")));
        assertThrows(StoreClosedException.class, () -> writable.put(b("k"), b("w")));
        assertThrows(StoreClosedException.class, writable::snapshot);
        writable.close();
    }

    @Test
    void directBufferPutAndGetMatchTheArrayForms()
    {
        try (Store store = Store.open(dir))
        {
            final UnsafeBuffer key = new UnsafeBuffer(b("buffer-key"));
            store.put(key, new UnsafeBuffer(b("buffer-value")));
            assertArrayEquals(b("buffer-value"), store.get(b("buffer-key")));
            assertArrayEquals(b("buffer-value"), store.get(key));
            assertNull(store.get(new UnsafeBuffer(b("absent"))));
            assertThrows(KeyTooLargeException.class, () -> store.get(new UnsafeBuffer(new byte[0])));
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

    @Test
    void verifyReportPrintsItsHistograms()
    {
        try (Store store = Store.open(dir))
        {
            store.put(b("k"), new byte[300]);
            final String text = store.verify().toString();
            assertFalse(text.contains("[J@"), text);
            assertTrue(text.contains("valueSizes=[0, 0, 0, 0, 0, 0, 0, 0, 0, 1,"), text);
        }
    }
}
