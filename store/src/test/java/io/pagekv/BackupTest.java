package io.pagekv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hot backup: a consistent copy of one commit, with live pages only, renamed into place whole,
 * while a writer goes on; from a read-only store too.
 */
class BackupTest
{
    @TempDir
    Path tmp;

    private static byte[] key(final int n)
    {
        return String.format("k%05d", n).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void backupWhileWritingHoldsOneCommitExactlyAndIsCompact() throws Exception
    {
        final Path dir = tmp.resolve("live");
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(256 << 10).withDurability(Durability.ASYNC)
            .withCompaction(CompactionPolicy.off());
        try (Store store = Store.open(dir, options))
        {
            final SplittableRandom random = new SplittableRandom(3);
            for (int c = 0; c < 40; c++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    for (int i = 0; i < 200; i++)
                    {
                        txn.put(key(random.nextInt(3000)), new byte[random.nextInt(10) == 0 ? 6000 : 100]);
                    }
                    txn.commit();
                }
            }
            // A writer keeps committing "counter = txn" while the backup runs: the copy holds one commit.
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread writer = new Thread(() ->
            {
                try
                {
                    for (int i = 0; !stop.get(); i++)
                    {
                        try (WriteTxn txn = store.beginWrite())
                        {
                            txn.put(key(100_000 + (i % 50)), Long.toString(txn.txnId()).getBytes(StandardCharsets.US_ASCII));
                            txn.put("counter".getBytes(StandardCharsets.US_ASCII), Long.toString(txn.txnId()).getBytes(StandardCharsets.US_ASCII));
                            txn.commit();
                        }
                    }
                }
                catch (final Throwable ex)
                {
                    failure.set(ex);
                }
            });
            writer.start();
            final Path target = tmp.resolve("copy");
            final BackupReport report;
            try
            {
                report = store.backup(target);
            }
            finally
            {
                stop.set(true);
                writer.join();
            }
            assertNull(failure.get());
            try (Store copy = Store.openReadOnly(target))
            {
                assertTrue(copy.verify().isClean());
                assertEquals(report.entries(), copy.info().entryCount());
                final byte[] counter = copy.get("counter".getBytes(StandardCharsets.US_ASCII));
                if (counter != null)
                {
                    assertEquals(report.txnId(), Long.parseLong(new String(counter, StandardCharsets.US_ASCII)),
                        "the copy holds exactly the commit its snapshot saw");
                }
                try (Snapshot original = store.snapshot())
                {
                    // Keys the writer never touches are the same in the copy as in the source.
                    for (int k = 0; k < 3000; k++)
                    {
                        final byte[] expected = original.get(key(k));
                        final byte[] copied = copy.get(key(k));
                        assertEquals(expected == null ? -1 : expected.length, copied == null ? -1 : copied.length, "key " + k);
                    }
                }
                final long live = copy.verify().segments().stream().mapToLong(VerifyReport.SegmentUsage::livePages).sum();
                final long written = copy.verify().segments().stream().mapToLong(VerifyReport.SegmentUsage::writtenPages).sum();
                assertTrue(written <= 1.3 * live, "a backup holds live pages only: written " + written + ", live " + live);
            }
            assertThrows(StoreException.class, () -> store.backup(target), "an existing target is never overwritten");
            try (java.util.stream.Stream<Path> left = Files.list(tmp))
            {
                assertFalse(left.anyMatch(p -> p.getFileName().toString().contains(".backup-")), "no staging directory is left");
            }
        }
        try (Store reader = Store.openReadOnly(dir))
        {
            final BackupReport fromReader = reader.backup(tmp.resolve("from-reader"));
            try (Store copy = Store.openReadOnly(tmp.resolve("from-reader")))
            {
                assertEquals(reader.info().entryCount(), copy.info().entryCount());
                assertEquals(fromReader.entries(), copy.info().entryCount());
            }
        }
    }

    @Test
    void aBackupDeletesTheCopiesThatProcessesNowGoneLeftBesideItsTarget() throws Exception
    {
        final Path source = tmp.resolve("source");
        final Path target = tmp.resolve("target");
        // A process that has ended: its id is free (and not reused in these few milliseconds).
        final Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        final Path abandoned = tmp.resolve("target.backup-" + ended.pid() + "-1f2e3d");
        final Path running = tmp.resolve("target.backup-" + ProcessHandle.current().pid() + "-4c5b6a");
        final Path unnamed = tmp.resolve("target.backup-7a8b9c");
        final Path otherTarget = tmp.resolve("other.backup-" + ended.pid() + "-0d0e0f");
        for (final Path dir : new Path[]{abandoned, running, unnamed, otherTarget})
        {
            Files.createDirectories(dir.resolve("seg-000000").getParent());
            Files.write(dir.resolve("seg-000000"), new byte[4096]);
        }
        try (Store store = Store.open(source))
        {
            store.put(key(1), key(2));
            store.backup(target);
        }
        assertFalse(Files.exists(abandoned), "the copy of a process that is gone is still there");
        assertTrue(Files.exists(running), "the copy of a running process was deleted");
        assertTrue(Files.exists(unnamed), "a copy without a process id was deleted");
        assertTrue(Files.exists(otherTarget), "the copy of another target was deleted");
        try (Store copy = Store.openReadOnly(target); Snapshot snapshot = copy.snapshot())
        {
            assertEquals(new String(key(2), StandardCharsets.US_ASCII), new String(snapshot.get(key(1)), StandardCharsets.US_ASCII));
        }
        try (var left = Files.list(tmp))
        {
            assertEquals(1, left.filter(p -> p.getFileName().toString().startsWith("target.backup-" + ProcessHandle.current().pid() + "-"))
                .count(), "the backup left its own staging directory beside the one of the running process");
        }
    }
}
