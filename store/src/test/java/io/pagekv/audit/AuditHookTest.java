package io.pagekv.audit;

import io.pagekv.SharedExport;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.WriteTxn;
import io.pagekv.CompactionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditHookTest
{
    @TempDir
    Path dir;

    private static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyWriteIsSeenBeforeItTakesEffectWithItsContext()
    {
        final List<String> seen = new ArrayList<>();
        try (Store store = Store.open(dir.resolve("s")))
        {
            store.addAuditHook(event ->
            {
                // Before it takes effect: the store does not hold the put yet.
                if (event.kind() == AuditKind.PUT)
                {
                    assertNull(store.get(event.key()));
                    assertArrayEquals(b("v1"), event.value());
                }
                seen.add(event.kind() + " " + event.txnId() + " " + (event.key() == null ? "-" : new String(event.key(), StandardCharsets.UTF_8)) +
                    " " + event.valueLength() + " " + event.puts() + "/" + event.deletes() + " " + event.context().principal() + " " +
                    event.context().requestId() + " " + event.context().attributes());
            });
            try (AuditContext.Scope scope = AuditContext.of("alice", "r1").with("tenant", "t1").open())
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    txn.put(b("k1"), b("v1"));
                    txn.delete(b("k0"));
                    txn.commit();
                }
            }
            store.delete(b("k1"));
        }
        assertEquals(List.of(
            "PUT 1 k1 2 0/0 alice r1 {tenant=t1}",
            "DELETE 1 k0 -1 0/0 alice r1 {tenant=t1}",
            "COMMIT 1 - -1 1/1 alice r1 {tenant=t1}",
            "DELETE 2 k1 -1 0/0 null null {}",
            "COMMIT 2 - -1 0/1 null null {}",
            "CLOSE 2 - -1 0/0 null null {}"), seen);
    }

    @Test
    void aVetoedPutLeavesTheTransactionUnchangedAndUsable()
    {
        try (Store store = Store.open(dir.resolve("s")))
        {
            store.addAuditHook(new AuditHook()
            {
                @Override
                public void before(final AuditEvent event)
                {
                    if (event.key() != null && event.key()[0] == 'x')
                    {
                        throw new SecurityException("keys starting with x are forbidden");
                    }
                }

                @Override
                public String name()
                {
                    return "no-x";
                }
            });
            try (WriteTxn txn = store.beginWrite())
            {
                txn.put(b("a"), b("1"));
                final AuditVetoException veto = assertThrows(AuditVetoException.class, () -> txn.put(b("x"), b("2")));
                assertEquals("no-x", veto.hook());
                assertEquals("keys starting with x are forbidden", veto.reason());
                assertEquals(AuditKind.PUT, veto.kind());
                assertTrue(veto.getMessage().contains("no-x") && veto.getMessage().contains("forbidden"), veto.getMessage());
                assertNull(txn.get(b("x")));
                assertThrows(AuditVetoException.class, () -> txn.delete(b("xa")));
                txn.put(b("b"), b("3"));
                txn.commit();
            }
            assertArrayEquals(b("1"), store.get(b("a")));
            assertArrayEquals(b("3"), store.get(b("b")));
            assertNull(store.get(b("x")));
            assertThrows(AuditVetoException.class, () -> store.put(b("x"), b("4")));
            assertNull(store.get(b("x")));
            store.put(b("c"), b("5"));
            assertEquals(3, store.info().entryCount());
        }
    }

    @Test
    void aVetoAtCommitAbortsTheWholeTransaction()
    {
        try (Store store = Store.open(dir.resolve("s")))
        {
            store.put(b("keep"), b("0"));
            final long head = store.info().lastTxnId();
            store.addAuditHook(event ->
            {
                if (event.kind() == AuditKind.COMMIT && event.puts() > 2)
                {
                    throw new IllegalStateException("too many puts: " + event.puts());
                }
            });
            final WriteTxn txn = store.beginWrite();
            txn.put(b("a"), b("1"));
            txn.put(b("b"), b("2"));
            txn.put(b("c"), b("3"));
            final AuditVetoException veto = assertThrows(AuditVetoException.class, txn::commit);
            assertEquals(AuditKind.COMMIT, veto.kind());
            assertEquals("too many puts: 3", veto.reason());
            assertEquals(head, store.info().lastTxnId());
            assertNull(store.get(b("a")));
            assertThrows(io.pagekv.StoreClosedException.class, () -> txn.put(b("d"), b("4")), "the vetoed transaction is over");
            // The writer lock was released: another transaction begins and commits.
            try (WriteTxn next = store.beginWrite())
            {
                next.put(b("a"), b("1"));
                next.commit();
            }
            assertArrayEquals(b("1"), store.get(b("a")));
            assertTrue(store.verify().isClean());
        }
    }

    @Test
    void aValueIsReadableOnlyDuringTheCall()
    {
        final AtomicReference<AuditEvent> kept = new AtomicReference<>();
        try (Store store = Store.open(dir.resolve("s")))
        {
            store.addAuditHook(event ->
            {
                if (event.kind() == AuditKind.PUT)
                {
                    kept.set(event);
                }
            });
            store.put(b("k"), b("value"));
        }
        assertThrows(IllegalStateException.class, () -> kept.get().value());
        assertEquals(5, kept.get().valueLength());
    }

    @Test
    void compactionAndBackupAreAuditedAndCanBeVetoed()
    {
        final List<AuditKind> kinds = new ArrayList<>();
        try (Store store = Store.open(dir.resolve("s"), StoreOptions.defaults().withCompaction(CompactionPolicy.off())))
        {
            store.put(b("k"), b("v"));
            store.addAuditHook(event -> kinds.add(event.kind()));
            store.compact();
            assertTrue(kinds.contains(AuditKind.COMPACTION), kinds.toString());
            store.backup(dir.resolve("copy"));
            assertTrue(kinds.contains(AuditKind.BACKUP), kinds.toString());
            store.addAuditHook(event ->
            {
                if (event.kind() == AuditKind.BACKUP || event.kind() == AuditKind.COMPACTION)
                {
                    throw new SecurityException("not now");
                }
            });
            assertThrows(AuditVetoException.class, () -> store.backup(dir.resolve("copy2")));
            assertFalse(java.nio.file.Files.exists(dir.resolve("copy2")));
            assertThrows(AuditVetoException.class, store::compact);
        }
    }

    @Test
    void exportsAreAuditedAndAVetoedExportCreatesNothing()
    {
        final List<String> seen = new ArrayList<>();
        try (Store store = Store.open(dir.resolve("s")))
        {
            store.put(b("small"), b("v"));
            store.put(b("large"), new byte[20_000]);
            store.addAuditHook(event ->
            {
                if (event.kind() == AuditKind.EXPORT)
                {
                    seen.add(new String(event.key(), StandardCharsets.UTF_8) + " " + event.valueLength() + " " + event.txnId());
                }
            });
            try (SharedExport shm = store.export(b("small")); SharedExport mapped = store.export(b("large")))
            {
                assertEquals(List.of("small 1 2", "large 20000 2"), seen);
                assertEquals(2, openExports(dir.resolve("s")));
            }
            store.addAuditHook(event ->
            {
                if (event.kind() == AuditKind.EXPORT)
                {
                    throw new SecurityException("no exports");
                }
            });
            final AuditVetoException veto = assertThrows(AuditVetoException.class, () -> store.export(b("small")));
            assertTrue(veto.getMessage().contains("no exports"), veto.getMessage());
            assertThrows(AuditVetoException.class, () -> store.export(b("large")));
            assertEquals(0, openExports(dir.resolve("s")), "a vetoed export holds nothing");
        }
    }

    private static long openExports(final java.nio.file.Path store)
    {
        try (io.pagekv.LiveCounters counters = io.pagekv.LiveCounters.open(store))
        {
            return counters.read().stream().filter(c -> c.label().equals("open exports")).findFirst().orElseThrow().value();
        }
    }

    @Test
    void aHookCannotBeAddedToAReadOnlyStore()
    {
        try (Store store = Store.open(dir.resolve("s")))
        {
            store.put(b("k"), b("v"));
        }
        try (Store reader = Store.openReadOnly(dir.resolve("s")))
        {
            assertThrows(io.pagekv.StoreException.class, () -> reader.addAuditHook(event -> { }));
        }
    }

    @Test
    void aBlockingHookCorruptsNothing() throws Exception
    {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        try (Store store = Store.open(dir.resolve("s")))
        {
            store.put(b("a"), b("0"));
            store.addAuditHook(event ->
            {
                if (event.kind() == AuditKind.COMMIT && event.puts() == 1 && Thread.currentThread().getName().equals("slow"))
                {
                    entered.countDown();
                    release.await();
                }
            });
            final Thread slow = new Thread(() -> store.put(b("a"), b("1")), "slow");
            slow.start();
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            // Readers go on while the hook blocks, and see the commit before it.
            assertArrayEquals(b("0"), store.get(b("a")));
            final Thread other = new Thread(() -> store.put(b("b"), b("2")), "other");
            other.start();
            other.join(200);
            assertTrue(other.isAlive(), "a second writer waits for the writer lock");
            release.countDown();
            slow.join();
            other.join();
            assertArrayEquals(b("1"), store.get(b("a")));
            assertArrayEquals(b("2"), store.get(b("b")));
            assertTrue(store.verify().isClean());
        }
    }

    @Test
    void patchesAndCountersAreAuditedAndAVetoedPatchChangesNothing()
    {
        final List<String> seen = new ArrayList<>();
        try (Store store = Store.open(dir.resolve("s")))
        {
            store.addAuditHook(event ->
            {
                seen.add(event.kind() + " " + (event.key() == null ? "-" : new String(event.key(), StandardCharsets.UTF_8)) + " " +
                    event.valueLength() + " " + event.detail());
                if (event.kind() == AuditKind.PATCH && event.value()[0] == 'X')
                {
                    throw new SecurityException("no X");
                }
            });
            store.putPatchable(b("p"), new byte[16]);
            store.patch(b("p"), 8, b("ok"));
            assertThrows(AuditVetoException.class, () -> store.patch(b("p"), 8, b("XX")));
            assertEquals(5, store.addAndGet(b("p"), 0, 5));
            assertTrue(store.compareAndSet(b("p"), 0, 5, 7));
            final byte[] value = store.get(b("p"));
            assertEquals("ok", new String(value, 8, 2, StandardCharsets.UTF_8), "the vetoed patch wrote nothing");
        }
        assertEquals(List.of("PUT p 16 patchable", "COMMIT - -1 null", "PATCH p 2 offset 8", "PATCH p 2 offset 8",
            "COUNTER p 8 add 5 at offset 0", "COUNTER p 8 compareAndSet at offset 0: 5 to 7", "CLOSE - -1 null"), seen);
    }
}
