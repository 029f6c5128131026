package io.pagekv;

import io.pagekv.audit.AuditContext;
import io.pagekv.audit.AuditKind;
import io.pagekv.audit.AuditVetoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Store#write(WriteBatch)}: a batch is one transaction, all of it or none; what it refuses
 * it refuses before anything is written; with an audit hook each batch is vetoed or recorded on
 * its own, in its writer's audit context, whichever thread applies it.
 */
class WriteBatchTest
{
    @TempDir
    Path dir;

    @Test
    void aBatchAppliesItsChangesInOrderAsOneTransaction()
    {
        try (Store store = Store.open(dir))
        {
            store.put(b("gone"), b("0"));
            final long before = store.info().lastTxnId();
            final WriteBatch batch = new WriteBatch().put(b("a"), b("1")).put(b("b"), b("2")).delete(b("gone"))
                .put(b("a"), b("3")).delete(b("b")).put(b("b"), b("4"));
            assertEquals(6, batch.size());
            final long txn = store.write(batch);
            assertEquals(before + 1, txn, "one commit for the whole batch");
            assertEquals(txn, store.info().lastTxnId());
            assertArrayEquals(b("3"), store.get(b("a")), "a later change of a key wins");
            assertArrayEquals(b("4"), store.get(b("b")));
            assertNull(store.get(b("gone")));
            batch.clear();
            assertTrue(batch.isEmpty());
            store.write(batch.put(b("c"), b("5")));
            assertArrayEquals(b("5"), store.get(b("c")), "a cleared batch is reused");
            assertArrayEquals(b("3"), store.get(b("a")), "clearing does not touch what was written");
            assertTrue(store.verify().isClean());
        }
        try (Store store = Store.open(dir))
        {
            assertArrayEquals(b("4"), store.get(b("b")), "a written batch survives a reopen");
        }
    }

    @Test
    void theBatchCopiesWhatIsAddedToIt()
    {
        try (Store store = Store.open(dir))
        {
            final byte[] key = b("k");
            final byte[] value = b("before");
            final WriteBatch batch = new WriteBatch().put(key, value);
            key[0] = 'x';
            value[0] = 'X';
            store.write(batch);
            assertArrayEquals(b("before"), store.get(b("k")));
            assertNull(store.get(b("x")));
        }
    }

    @Test
    void anOversizedChangeRefusesTheWholeBatchBeforeAnythingIsWritten()
    {
        try (Store store = Store.open(dir))
        {
            final long before = store.info().lastTxnId();
            final WriteBatch tooLongKey = new WriteBatch().put(b("a"), b("1")).put(new byte[store.maxKeySize() + 1], b("2"));
            assertThrows(KeyTooLargeException.class, () -> store.write(tooLongKey));
            final WriteBatch emptyKey = new WriteBatch().put(b("a"), b("1")).delete(new byte[0]);
            assertThrows(KeyTooLargeException.class, () -> store.write(emptyKey));
            assertEquals(before, store.info().lastTxnId());
            assertNull(store.get(b("a")));
            assertThrows(IllegalArgumentException.class, () -> store.write(null));
            assertThrows(IllegalArgumentException.class, () -> new WriteBatch().put(b("a"), null));
        }
    }

    @Test
    void aBatchInsideAnOpenTransactionOfTheSameThreadIsRefused()
    {
        try (Store store = Store.open(dir))
        {
            try (WriteTxn txn = store.beginWrite())
            {
                txn.put(b("outer"), b("1"));
                assertThrows(IllegalStateException.class, () -> store.write(new WriteBatch().put(b("inner"), b("2"))));
                txn.commit();
            }
            assertArrayEquals(b("1"), store.get(b("outer")));
            assertNull(store.get(b("inner")));
        }
    }

    @Test
    void aReadOnlyOrClosedStoreRefusesABatch()
    {
        try (Store store = Store.open(dir))
        {
            store.put(b("a"), b("1"));
        }
        try (Store reader = Store.openReadOnly(dir))
        {
            assertThrows(StoreException.class, () -> reader.write(new WriteBatch().put(b("b"), b("2"))));
        }
        final Store store = Store.open(dir);
        store.close();
        assertThrows(StoreClosedException.class, () -> store.write(new WriteBatch().put(b("b"), b("2"))));
    }

    @Test
    void anInterruptedWriterStillWritesAndKeepsItsInterrupt() throws Exception
    {
        try (Store store = Store.open(dir))
        {
            Thread.currentThread().interrupt();
            try
            {
                store.write(new WriteBatch().put(b("a"), b("1")));
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
            }
            finally
            {
                Thread.interrupted();
            }
            assertArrayEquals(b("1"), store.get(b("a")));
        }
    }

    @Test
    void aVetoedBatchWritesNothingAndOtherThreadsBatchesAreRecordedInTheirOwnContexts() throws Exception
    {
        final int threads = 6;
        final int batchesPerThread = 40;
        final List<String> seen = new CopyOnWriteArrayList<>();
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Store store = Store.open(dir, StoreOptions.defaults().withDurability(Durability.SYNC)))
        {
            store.addAuditHook(event ->
            {
                if (event.kind() == AuditKind.PUT && new String(event.key(), StandardCharsets.UTF_8).startsWith("forbidden"))
                {
                    throw new SecurityException("no forbidden keys");
                }
                if (event.kind() == AuditKind.PUT)
                {
                    seen.add(event.context().principal() + " " + new String(event.key(), StandardCharsets.UTF_8) + " " + event.txnId());
                }
            });
            final CountDownLatch start = new CountDownLatch(1);
            final List<Future<Integer>> vetoes = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final String principal = "p" + t;
                vetoes.add(pool.submit(() ->
                {
                    start.await();
                    int vetoed = 0;
                    try (AuditContext.Scope ignored = AuditContext.of(principal, null).open())
                    {
                        for (int i = 0; i < batchesPerThread; i++)
                        {
                            final WriteBatch batch = new WriteBatch().put(b(principal + "-a-" + i), b("1"));
                            if (i % 4 == 3)
                            {
                                batch.put(b("forbidden-" + principal + "-" + i), b("2"));
                            }
                            batch.put(b(principal + "-b-" + i), b("1"));
                            try
                            {
                                store.write(batch);
                            }
                            catch (final AuditVetoException ex)
                            {
                                vetoed++;
                            }
                        }
                    }
                    return vetoed;
                }));
            }
            start.countDown();
            for (final Future<Integer> vetoed : vetoes)
            {
                assertEquals(batchesPerThread / 4, vetoed.get(60, TimeUnit.SECONDS), "vetoes seen by one writer");
            }
            for (int t = 0; t < threads; t++)
            {
                for (int i = 0; i < batchesPerThread; i++)
                {
                    final boolean kept = i % 4 != 3;
                    assertEquals(kept, store.get(b("p" + t + "-a-" + i)) != null, "p" + t + " batch " + i + ", first put");
                    assertEquals(kept, store.get(b("p" + t + "-b-" + i)) != null, "p" + t + " batch " + i + ", last put");
                }
            }
            // Every put the hooks accepted was seen in its own writer's context, with its batch's txn.
            for (final String event : seen)
            {
                final String[] parts = event.split(" ");
                assertTrue(parts[1].startsWith(parts[0] + "-"), "event of " + parts[1] + " seen in context " + parts[0]);
                final String key = parts[1];
                if (key.contains("-b-"))
                {
                    assertTrue(seen.contains(parts[0] + " " + key.replace("-b-", "-a-") + " " + parts[2]),
                        "both puts of a batch have one txn: " + event);
                }
            }
            assertFalse(seen.isEmpty());
            assertTrue(store.verify().isClean());
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    private static byte[] b(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
