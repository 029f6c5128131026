package io.pagekv.crash;

import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreLockedException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Battery 6, two processes: while a writer process is alive, a second writer (another process,
 * or this one) is refused with a {@link StoreLockedException} naming the holder's pid, and a
 * read-only open still works; once the writer is killed with SIGKILL, the operating system has
 * released its lock and the next writer gets in and finds every commit intact.
 */
@Tag("crash")
class TwoProcessLockTest
{
    private static final int ROUNDS = 3;

    @TempDir
    Path tmp;

    @Test
    void secondWriterIsRefusedWhileTheFirstLivesAndGetsInAfterItDies()
    {
        final Path dir = tmp.resolve("store");
        final Summary summary = new Summary("two-processes");
        try
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                round(dir, round, summary);
            }
            summary.set("result", "ok");
        }
        catch (final AssertionError | RuntimeException ex)
        {
            summary.set("result", "FAILED");
            throw ex;
        }
        finally
        {
            summary.print();
        }
    }

    private void round(final Path dir, final int round, final Summary summary)
    {
        final long holderPid;
        try (ChildJvm holder = ChildJvm.start(LockHolderChild.class, tmp.resolve("holder-" + round), dir.toString(), "hold"))
        {
            final String locked = holder.nextLine(30_000);
            assertNotNull(locked, () -> "holder did not take the lock: " + holder.stderr());
            assertTrue(locked.startsWith("locked "), locked);
            holderPid = Long.parseLong(locked.substring("locked ".length()));
            assertEquals(holder.pid(), holderPid);

            final StoreLockedException inProcess = assertThrows(StoreLockedException.class, () -> Store.open(dir).close());
            assertEquals(holderPid, inProcess.holderPid(), inProcess.getMessage());
            summary.add("refusals", 1);

            assertEquals("refused " + holderPid, tryFromAnotherProcess(dir, "try-alive-" + round));
            summary.add("refusals", 1);

            try (Store reader = Store.openReadOnly(dir))
            {
                // The holder commits every 20 ms: a read-only store beside it sees it move on,
                // and what it sees verifies clean.
                final long first;
                try (Snapshot snapshot = reader.snapshot())
                {
                    first = snapshot.txnId();
                }
                final long deadline = System.nanoTime() + 10_000_000_000L;
                long seen = first;
                while (seen == first && System.nanoTime() < deadline)
                {
                    try (Snapshot snapshot = reader.snapshot())
                    {
                        seen = snapshot.txnId();
                    }
                }
                assertTrue(seen > first, "the read-only store did not see the live writer's commits after txn " + first);
                final var report = reader.verify();
                assertTrue(report.isClean(), () -> "read beside a live writer: " + report.problems());
                summary.add("read-only-opens", 1);
            }
            holder.kill();
            summary.add("kills", 1);
        }
        assertEquals("opened", tryFromAnotherProcess(dir, "try-dead-" + round));
        summary.add("writers-after-death", 1);
        try (Store store = Store.open(dir))
        {
            final var report = store.verify();
            assertTrue(report.isClean(), () -> "after the holder died: " + report.problems());
            summary.add("writers-after-death", 1);
        }
    }

    private String tryFromAnotherProcess(final Path dir, final String name)
    {
        try (ChildJvm child = ChildJvm.start(LockHolderChild.class, tmp.resolve(name), dir.toString(), "try"))
        {
            final int exit = child.waitFor();
            final List<String> lines = child.drain();
            assertEquals(0, exit, () -> "second writer process failed: " + lines + " " + child.stderr());
            assertEquals(1, lines.size(), lines::toString);
            return lines.get(0);
        }
    }
}
