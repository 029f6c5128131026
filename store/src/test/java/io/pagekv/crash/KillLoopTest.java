package io.pagekv.crash;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Battery 1, the kill loop: a child JVM ({@link KillLoopChild}) commits a random workload and
 * prints each acknowledged txn id; this test kills it with SIGKILL at random moments (while
 * the JVM starts, while the store opens or recovers, mid-commit), then reopens the store and
 * checks that it verifies clean, holds exactly the state of the last acknowledged commit (or
 * of the one in flight), and takes a new commit. A fresh store is started every few kills, each
 * with random page size, segment size, checkpoint interval, durability and, in most stores,
 * aggressive automatic compaction, so that kills also land in compaction's moving commits and
 * segment retirements. A third of the stores are written by several threads at once, whose
 * forced commits share forces (group commit). States are told apart by their contents ({@link Workload}'s sequence
 * numbers), since compaction commits on its own.
 */
@Tag("crash")
class KillLoopTest
{
    private static final int KILLS_PER_STORE = 10;
    private static final int MAX_TXNS_PER_CHILD = 3000;

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedCommitSurvivesSigkill()
    {
        final long seed = CrashSettings.seed();
        final Random random = new Random(seed);
        final int kills = CrashSettings.kills();
        final Summary summary = new Summary("kill-loop").set("seed", seed);
        try
        {
            int killed = 0;
            int store = 0;
            while (killed < kills)
            {
                killed += runStore(tmp.resolve("store-" + store), random.nextLong(), random, Math.min(KILLS_PER_STORE, kills - killed), summary);
                summary.add("stores", 1);
                store++;
            }
            summary.set("reopen-verify", "ok");
        }
        catch (final AssertionError | RuntimeException ex)
        {
            summary.set("reopen-verify", "FAILED");
            System.out.println(CrashSettings.replay("kill-loop", seed));
            throw ex;
        }
        finally
        {
            summary.print();
        }
    }

    private int runStore(final Path dir, final long workloadSeed, final Random random, final int kills, final Summary summary)
    {
        final StoreConfig config = StoreConfig.random(random);
        if (config.compaction().enabled())
        {
            summary.add("stores-compacting", 1);
        }
        // Several committing threads in a third of the stores: forced commits then share forces.
        final int threads = random.nextInt(3) == 0 ? 2 + random.nextInt(3) : 1;
        if (threads > 1)
        {
            summary.add("stores-with-concurrent-writers", 1);
        }
        final Workload workload = new Workload(workloadSeed);
        final ModelHistory history = new ModelHistory(workload);
        final StringBuilder rounds = new StringBuilder();
        long durable = 0;
        int killed = 0;
        int round = 0;
        while (killed < kills)
        {
            final String context = "store " + dir.getFileName() + " " + config + " round " + round;
            final String[] args = Stream.concat(Stream.of(dir.toString(), Long.toString(workloadSeed)),
                Stream.concat(Stream.of(config.args()), Stream.of(Integer.toString(MAX_TXNS_PER_CHILD), Integer.toString(threads)))).toArray(String[]::new);
            long acked = durable;
            boolean wasKilled;
            try (ChildJvm child = ChildJvm.start(KillLoopChild.class, tmp.resolve("child-" + dir.getFileName() + "-" + round), args))
            {
                if (random.nextInt(10) == 0)
                {
                    sleep(random.nextInt(150));
                }
                else
                {
                    final String open = child.nextLine(30_000);
                    assertTrue(open != null && open.startsWith("open "), () -> context + ": child did not open the store: " + child.stderr());
                    sleep(random.nextInt(4) == 0 ? random.nextInt(5) : random.nextInt(120));
                }
                wasKilled = child.isAlive();
                final int exit = child.kill();
                for (final String line : child.drain())
                {
                    if (line.startsWith("ack "))
                    {
                        // Threads print their acks in any order: every commit up to the newest is acknowledged.
                        acked = Math.max(acked, Long.parseLong(line.substring(4)));
                    }
                }
                if (!wasKilled && exit != 0)
                {
                    throw new AssertionError(context + ": child failed with exit code " + exit + ": " + child.stderr());
                }
            }
            if (wasKilled)
            {
                killed++;
                summary.add("kills", 1);
            }
            else
            {
                summary.add("clean-exits", 1);
            }
            summary.add("commits-checked", acked - durable);
            // Each thread may have one commit in flight: appended, its force not yet returned.
        final long maxTxn = acked + (wasKilled ? threads : 0);
            rounds.append(String.format("  round %d: child from txn %d, %d thread(s), %s, last ack %d%n", round, durable, threads,
                wasKilled ? "killed" : "exited", acked));
            final long recovered;
            try
            {
                recovered = RecoveryCheck.openCheckAndWrite(dir, config.options(), history, acked, maxTxn, workload, context);
            }
            catch (final AssertionError ex)
            {
                throw new AssertionError(ex.getMessage() + "\n" + rounds + FailureCopy.keep(dir, "kill-loop") + "\n" +
                    LogDump.dump(dir, config.pageSize()), ex);
            }
            if (recovered > acked)
            {
                summary.add("in-flight-recovered", 1);
            }
            if (LowestSegment.of(dir) > 0)
            {
                summary.add("recoveries-after-retirement", 1);
            }
            if (ReusedSegments.any(dir, config.pageSize()))
            {
                summary.add("recoveries-with-a-reused-segment", 1);
            }
            durable = recovered + 1;
            history.forgetBefore(durable);
            round++;
        }
        deleteTree(dir);
        return killed;
    }

    static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
