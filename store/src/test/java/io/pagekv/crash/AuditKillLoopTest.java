package io.pagekv.crash;

import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.CompactionPolicy;
import io.pagekv.audit.AuditKind;
import io.pagekv.format.AuditLogLayout;
import io.pagekv.audit.AuditLogVerifier;
import io.pagekv.audit.AuditSinks;
import io.pagekv.audit.AuditVerifyReport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kill loop with the durable audit log on: a child JVM ({@link AuditKillLoopChild}) commits
 * with the log in SYNC and is killed with SIGKILL at random moments. After each kill, before any
 * reopen, {@code audit verify} is clean (a commit record in flight is only a note) but for the
 * last record of the last file cut short where the file ends (the kernel may stop a write at a
 * page boundary for a kill, as power loss may; the next writable open cuts it), and every
 * acknowledged commit has its record; after a writable open and close, the commits the log says
 * happened are exactly the store's, txn 1 to its head.
 */
@Tag("crash")
class AuditKillLoopTest
{
    @TempDir
    Path tmp;

    /**
     * @return whether the report's one problem is a truncated record at the end of the last log
     * file: what a write cut short leaves, and no more.
     */
    private static boolean isTornTail(final AuditVerifyReport report)
    {
        if (report.disagreement() != null || report.badFile() == null || !report.firstProblem().contains("truncated"))
        {
            return false;
        }
        try (Stream<Path> files = Files.list(report.badFile().getParent()))
        {
            final long later = files.filter(f -> f.getFileName().toString().compareTo(report.badFile().getFileName().toString()) > 0 &&
                AuditLogLayout.fileNumber(f.getFileName().toString()) >= 0).count();
            return later == 0 && report.badSequence() == report.records();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Test
    void afterEveryKillTheLogVerifiesAndAgreesWithTheStore()
    {
        final long seed = CrashSettings.seed();
        final Random random = new Random(seed);
        final int kills = Math.max(5, CrashSettings.kills() / 4);
        final Path dir = tmp.resolve("store");
        final String rotate = Long.toString(random.nextBoolean() ? 8192 : AuditSinks.DEFAULT_ROTATE_BYTES);
        int killed = 0;
        int torn = 0;
        int round = 0;
        try
        {
            while (killed < kills)
            {
                final String context = "seed " + seed + " round " + round + " rotate " + rotate;
                long acked = 0;
                final boolean wasKilled;
                try (ChildJvm child = ChildJvm.start(AuditKillLoopChild.class, tmp.resolve("child-" + round), dir.toString(),
                    Long.toString(random.nextLong()), "2000", rotate))
                {
                    final String open = child.nextLine(30_000);
                    assertTrue(open != null && open.startsWith("open "), () -> context + ": child did not open: " + child.stderr());
                    KillLoopTest.sleep(random.nextInt(200));
                    wasKilled = child.isAlive();
                    child.kill();
                    for (final String line : child.drain())
                    {
                        if (line.startsWith("ack "))
                        {
                            acked = Long.parseLong(line.substring(4));
                        }
                    }
                }
                killed += wasKilled ? 1 : 0;
                final long head;
                try (Store reader = Store.openReadOnly(dir))
                {
                    head = reader.info().lastTxnId();
                }
                assertTrue(head >= acked, context + ": acknowledged txn " + acked + " lost, head " + head);
                final AuditVerifyReport crashed = AuditLogVerifier.verify(dir, head, null);
                assertTrue(crashed.isClean() || isTornTail(crashed), context + ": after the kill " + crashed);
                if (!crashed.isClean())
                {
                    torn++;
                }
                final TreeSet<Long> logged = committedInLog(dir);
                for (long txn = 1; txn <= acked; txn++)
                {
                    assertTrue(logged.contains(txn), context + ": acknowledged txn " + txn + " has no commit record");
                }
                // A writable open marks a commit in flight abandoned; then log and store agree exactly.
                try (Store store = Store.open(dir, StoreOptions.defaults().withCompaction(CompactionPolicy.off())))
                {
                    store.addAuditHook(AuditSinks.durableLog(Long.parseLong(rotate)));
                }
                final AuditVerifyReport reopened = AuditLogVerifier.verify(dir, head, null);
                // The log tells the head once it holds an open or a commit (a first child killed before its first commit leaves neither).
                assertTrue(reopened.isClean() && (reopened.logHeadTxn() == head || head == 0 && reopened.logHeadTxn() == -1),
                    context + ": after reopening " + reopened);
                final TreeSet<Long> agreed = committedInLog(dir);
                assertEquals(head, agreed.size(), context + ": the log's commits are the store's");
                assertEquals(head == 0 ? null : head, agreed.isEmpty() ? null : agreed.last(), context);
                round++;
            }
            System.out.println("audit kill loop: seed " + seed + ", " + killed + " kills in " + round + " rounds, " + torn + " of them with a torn last record");
        }
        catch (final AssertionError ex)
        {
            System.out.println(CrashSettings.replay("audit-kill-loop", seed));
            throw ex;
        }
    }

    /** @return the txns whose commit records stand: an abandonment drops the commits above its txn. */
    private static TreeSet<Long> committedInLog(final Path dir)
    {
        final TreeSet<Long> committed = new TreeSet<>();
        AuditLogVerifier.verify(dir, -1, record ->
        {
            if (record.kind() == AuditKind.COMMIT)
            {
                committed.add(record.txnId());
            }
            else if ("ABANDONED".equals(record.kindName()))
            {
                committed.tailSet(record.txnId(), false).clear();
            }
        });
        return committed;
    }
}
