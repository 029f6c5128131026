package io.pagekv.audit;

import io.pagekv.Durability;
import io.pagekv.FileSeam;
import io.pagekv.ForwardingFileIO;
import io.pagekv.ForwardingStoreFile;
import io.pagekv.StoreException;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.TestStores;
import io.pagekv.WriteTxn;
import io.pagekv.format.AuditLogLayout;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurableLogTest
{
    @TempDir
    Path tmp;

    private static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<AuditRecord> records(final Path store, final long head)
    {
        final List<AuditRecord> records = new ArrayList<>();
        final AuditVerifyReport report = AuditLogVerifier.verify(store, head, records::add);
        assertTrue(report.isClean(), report.toString());
        return records;
    }

    @Test
    void theLogHoldsWhatHappenedInOrderWithItsContext() throws IOException
    {
        final Path dir = tmp.resolve("s");
        final long head;
        try (Store store = Store.open(dir))
        {
            store.addAuditHook(AuditSinks.durableLog());
            store.addAuditHook(event ->
            {
                if (event.key() != null && event.key()[0] == 'x')
                {
                    throw new SecurityException("no x");
                }
            });
            try (AuditContext.Scope scope = AuditContext.of("bob", "req-7").with("ip", "10.0.0.1").open())
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    txn.put(b("a"), b("123"));
                    assertThrows(AuditVetoException.class, () -> txn.put(b("x"), b("1")));
                    txn.delete(b("b"));
                    txn.commit();
                }
                try (WriteTxn aborted = store.beginWrite())
                {
                    aborted.put(b("gone"), b("1"));
                }
            }
            store.put(b("c"), b("4567"));
            head = store.info().lastTxnId();
        }
        final List<String> lines = new ArrayList<>();
        for (final AuditRecord r : records(dir, head))
        {
            lines.add(r.kindName() + " " + r.txnId() + " " + (r.key().length == 0 ? "-" : new String(r.key(), StandardCharsets.UTF_8)) + " " +
                r.valueLength() + " " + r.principal() + " " + r.requestId() + " " + r.attributes());
        }
        assertEquals(List.of(
            "PUT 1 a 3 bob req-7 {ip=10.0.0.1}",
            "DELETE 1 b -1 bob req-7 {ip=10.0.0.1}",
            "COMMIT 1 - -1 bob req-7 {ip=10.0.0.1}",
            "PUT 2 c 4 null null {}",
            "COMMIT 2 - -1 null null {}",
            "CLOSE 2 - -1 null null {}"), lines);
        final Path auditDir = dir.resolve(AuditLogLayout.DIRECTORY);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(auditDir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(auditDir.resolve(AuditLogLayout.fileName(0)))));
    }

    @Test
    void everyStoreTakesTheLogAndRecordsItsOpen()
    {
        final Path dir = tmp.resolve("global");
        // A JVM-wide sink stays for the rest of this JVM: scope it to this test's directory.
        AuditHooks.addToEveryStore(new ScopedSink(tmp, AuditSinks.durableLog()));
        try (Store store = Store.open(dir))
        {
            store.put(b("k"), b("v"));
        }
        final List<AuditRecord> records = records(dir, 1);
        assertEquals(AuditKind.OPEN, records.get(0).kind());
        assertEquals(AuditKind.CLOSE, records.get(records.size() - 1).kind());
    }

    @Test
    void onceAStoreHasALogEveryWritableOpenContinuesItAndItIsNeverAttachedTwice()
    {
        final Path dir = tmp.resolve("s");
        try (Store store = Store.open(dir))
        {
            store.addAuditHook(AuditSinks.durableLog());
            store.addAuditHook(AuditSinks.durableLog());
            store.put(b("a"), b("1"));
        }
        try (Store store = Store.open(dir))
        {
            store.put(b("b"), b("2"));
            store.addAuditHook(AuditSinks.durableLog());
            store.delete(b("a"));
        }
        final List<String> kinds = new ArrayList<>();
        for (final AuditRecord r : records(dir, 3))
        {
            kinds.add(r.kindName() + " " + r.txnId());
        }
        assertEquals(List.of("PUT 1", "COMMIT 1", "CLOSE 1", "OPEN 1", "PUT 2", "COMMIT 2", "DELETE 3", "COMMIT 3", "CLOSE 3"), kinds);
    }

    @Test
    void anOfflineCompactionKeepsTheLog()
    {
        final Path dir = tmp.resolve("s");
        try (Store store = Store.open(dir))
        {
            store.addAuditHook(AuditSinks.durableLog());
            for (int i = 0; i < 20; i++)
            {
                store.put(b("k" + i), b("v" + i));
            }
        }
        Store.compactOffline(dir, StoreOptions.defaults());
        try (Store store = Store.open(dir))
        {
            store.put(b("after"), b("1"));
        }
        final long head;
        try (Store reader = Store.openReadOnly(dir))
        {
            head = reader.info().lastTxnId();
        }
        final List<String> kinds = new ArrayList<>();
        for (final AuditRecord r : records(dir, head))
        {
            kinds.add(r.kindName());
        }
        assertEquals(List.of("OPEN", "OFFLINE_COMPACTION", "CLOSE", "OPEN", "PUT", "COMMIT", "CLOSE"), kinds.subList(kinds.size() - 7, kinds.size()));
        assertEquals(20 * 2 + 1 + 7, kinds.size());
    }

    @Test
    void rotatedFilesChainIntoOneLog() throws IOException
    {
        final Path dir = tmp.resolve("s");
        try (Store store = Store.open(dir, StoreOptions.defaults().withDurability(Durability.ASYNC)))
        {
            store.addAuditHook(AuditSinks.durableLog(4096));
            for (int i = 0; i < 300; i++)
            {
                store.put(b("key-" + i), b("value"));
            }
        }
        try (Stream<Path> files = Files.list(dir.resolve(AuditLogLayout.DIRECTORY)))
        {
            assertTrue(files.count() > 5, "the log rotated");
        }
        assertEquals(601, records(dir, 300).size());
        // Reopening continues the chain.
        try (Store store = Store.open(dir))
        {
            store.addAuditHook(AuditSinks.durableLog(4096));
            store.put(b("more"), b("1"));
        }
        // open (the log continues by itself), put, commit, close
        assertEquals(605, records(dir, 301).size());
        // A whole file in the middle removed: named.
        Files.delete(dir.resolve(AuditLogLayout.DIRECTORY).resolve(AuditLogLayout.fileName(2)));
        final AuditVerifyReport report = AuditLogVerifier.verify(dir, 301, null);
        assertFalse(report.isClean());
        assertEquals(dir.resolve(AuditLogLayout.DIRECTORY).resolve(AuditLogLayout.fileName(2)), report.badFile());
    }

    @Test
    void aRotationCutShortLeavesNoHeaderlessFileAndTheLogContinues() throws IOException
    {
        final Path dir = tmp.resolve("s");
        final Path auditDir = dir.resolve(AuditLogLayout.DIRECTORY);
        final Path staged = auditDir.resolve(AuditLogLayout.stagedFileName(1));
        // The first write to file 1 fails, as a kill between its creation and its header would stop it.
        final FileIO cutRotation = new ForwardingFileIO(FileIO.jdk())
        {
            @Override
            public StoreFile open(final Path path, final boolean create) throws IOException
            {
                final StoreFile file = delegate.open(path, create);
                return !path.getFileName().toString().startsWith(AuditLogLayout.fileName(1)) ? file : new ForwardingStoreFile(file)
                {
                    @Override
                    public void write(final long position, final ByteBuffer src) throws IOException
                    {
                        throw new IOException("killed before the header");
                    }
                };
            }
        };
        long committed = 0;
        try (Store store = Store.open(dir, FileSeam.with(StoreOptions.defaults(), cutRotation)))
        {
            store.addAuditHook(AuditSinks.durableLog(4096));
            for (int i = 0; i < 300; i++)
            {
                store.put(b("key-" + i), b("value"));
                committed++;
            }
        }
        catch (final StoreException refused)
        {
            assertTrue(refused.getMessage().contains("audit"), refused.getMessage());
        }
        assertTrue(committed > 0 && committed < 300, "the rotation to file 1 failed, after " + committed + " commits");
        assertTrue(Files.exists(staged), "the cut rotation left its staged file");
        assertFalse(Files.exists(auditDir.resolve(AuditLogLayout.fileName(1))), "and no log file without a header");
        final long head;
        try (Store reader = Store.openReadOnly(dir))
        {
            head = reader.info().lastTxnId();
        }
        final AuditVerifyReport crashed = AuditLogVerifier.verify(dir, head, null);
        assertTrue(crashed.isClean(), crashed.toString());
        try (Store store = Store.open(dir))
        {
            for (int i = 0; i < 100; i++)
            {
                store.put(b("more-" + i), b("value"));
            }
            assertFalse(Files.exists(staged), "the open removed the staged file");
        }
        final List<AuditRecord> records = records(dir, head + 100);
        assertEquals(head + 100, records.stream().filter(r -> r.kind() == AuditKind.COMMIT).count());
    }

    @Test
    void aCommitInFlightAtACrashIsMarkedAbandonedAtTheNextOpen() throws IOException
    {
        final Path dir = tmp.resolve("s");
        final Path image = tmp.resolve("image");
        try (Store store = Store.open(dir))
        {
            store.addAuditHook(AuditSinks.durableLog());
            store.put(b("a"), b("1"));
            store.put(b("b"), b("2"));
            // The store's files as a crash would leave them after txn 2 ...
            TestStores.crashImage(dir, image);
            store.put(b("c"), b("3"));
            // ... and the log as it was after txn 3's record was forced, before its pages were.
            copyTree(dir.resolve(AuditLogLayout.DIRECTORY), image.resolve(AuditLogLayout.DIRECTORY));
        }
        final AuditVerifyReport crashed = AuditLogVerifier.verify(image, 2, null);
        assertTrue(crashed.isClean(), crashed.toString());
        assertTrue(crashed.notes().get(0).contains("in flight"), crashed.notes().toString());
        try (Store store = Store.open(image))
        {
            store.addAuditHook(AuditSinks.durableLog());
            assertNull(store.get(b("c")));
            store.put(b("d"), b("4"));
        }
        final List<AuditRecord> records = records(image, 3);
        assertTrue(records.stream().anyMatch(r -> r.kindName().equals("ABANDONED") && r.txnId() == 2), records.toString());
        assertTrue(AuditLogVerifier.verify(image, 3, null).notes().get(0).contains("did not happen"));
    }

    @Test
    void aTornTailIsCutAndTheCutRecorded() throws IOException
    {
        final Path dir = tmp.resolve("s");
        try (Store store = Store.open(dir))
        {
            store.addAuditHook(AuditSinks.durableLog());
            store.put(b("a"), b("1"));
        }
        final Path file = dir.resolve(AuditLogLayout.DIRECTORY).resolve(AuditLogLayout.fileName(0));
        final byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        final AuditVerifyReport torn = AuditLogVerifier.verify(dir, 1, null);
        assertFalse(torn.isClean());
        assertTrue(torn.firstProblem().contains("truncated"), torn.firstProblem());
        try (Store store = Store.open(dir))
        {
            store.addAuditHook(AuditSinks.durableLog());
            store.put(b("b"), b("2"));
        }
        final AuditVerifyReport after = AuditLogVerifier.verify(dir, 2, null);
        assertTrue(after.isClean(), after.toString());
        assertTrue(after.notes().get(0).contains("cut"), after.notes().toString());
    }

    @Test
    void recordsRemovedFromTheEndDisagreeWithTheStore() throws IOException
    {
        final Path dir = tmp.resolve("s");
        final List<Long> ends = new ArrayList<>();
        try (Store store = Store.open(dir))
        {
            store.addAuditHook(AuditSinks.durableLog());
            store.put(b("a"), b("1"));
            ends.add(Files.size(dir.resolve(AuditLogLayout.DIRECTORY).resolve(AuditLogLayout.fileName(0))));
            store.put(b("b"), b("2"));
        }
        final Path file = dir.resolve(AuditLogLayout.DIRECTORY).resolve(AuditLogLayout.fileName(0));
        final byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, ends.get(0).intValue()));
        final AuditVerifyReport report = AuditLogVerifier.verify(dir, 2, null);
        assertFalse(report.isClean());
        assertTrue(report.disagreement().contains("removed from the end"), report.disagreement());
    }

    static void copyTree(final Path from, final Path to) throws IOException
    {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
