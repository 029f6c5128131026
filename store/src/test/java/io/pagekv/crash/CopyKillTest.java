package io.pagekv.crash;

import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.VerifyReport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills during whole-store copies: a child JVM ({@link CopyKillChild}) takes hot backups while a
 * writer commits, or commits and compacts its store offline, again and again; each round ends it
 * with SIGKILL at a random moment, or halts it ({@link HaltingFileIO}) exactly before or after a
 * chosen rename or directory force, so that every step of the backup's rename into place and of
 * the offline swap ({@code DirectorySwap}) is hit. Then:
 * <ul>
 *   <li>the store opens (a writable open settles an interrupted swap), verifies clean, holds
 *       exactly the state of the last acknowledged commit or of the one in flight, takes a new
 *       commit, and no {@code .swap-new} or {@code .swap-old} directory is left;</li>
 *   <li>each backup target is absent or a whole store that verifies clean and holds exactly a
 *       state the source had (never a mix); every backup the child saw return is there.</li>
 * </ul>
 */
@Tag("crash")
class CopyKillTest
{
    private static final String NEW = ".swap-new";
    private static final String OLD = ".swap-old";
    private static final String STAGING = ".backup-";
    private static final long HALT_WAIT_MILLIS = 8_000;

    @TempDir
    Path tmp;

    @Test
    void killsDuringBackupsAndOfflineSwapsLeaveOneWholeStore()
    {
        final long seed = CrashSettings.seed();
        final Random random = new Random(seed);
        final Summary summary = new Summary("copy-kills").set("seed", seed);
        try
        {
            final int rounds = CrashSettings.copies();
            runStore("backup", tmp.resolve("backup-source"), random, (rounds + 1) / 2, summary);
            runStore("offline", tmp.resolve("offline"), random, rounds / 2, summary);
            summary.set("result", "ok");
        }
        catch (final AssertionError | RuntimeException ex)
        {
            summary.set("result", "FAILED");
            System.out.println(CrashSettings.replay("copy-kills", seed));
            throw ex;
        }
        finally
        {
            summary.print();
        }
    }

    private void runStore(final String mode, final Path dir, final Random random, final int rounds, final Summary summary)
    {
        final StoreConfig config = StoreConfig.random(random);
        final long workloadSeed = random.nextLong();
        final Workload workload = new Workload(workloadSeed);
        final ModelHistory history = new ModelHistory(workload);
        long durable = 0;
        for (int round = 0; round < rounds; round++)
        {
            final String context = mode + " round " + round + " " + config + " workload seed " + workloadSeed;
            final Path targets = tmp.resolve(mode + "-targets-" + round);
            mkdirs(targets);
            final boolean halting = random.nextBoolean();
            final int haltAt = halting ? 1 + random.nextInt(mode.equals("backup") ? 12 : 24) : 0;
            final boolean haltAfter = random.nextBoolean();
            final List<String> args = new ArrayList<>(List.of(mode, dir.toString(), targets.toString(), Long.toString(workloadSeed)));
            args.addAll(List.of(config.args()));
            args.add(Integer.toString(haltAt));
            args.add(Boolean.toString(haltAfter));
            long acked = durable;
            final List<Integer> backups = new ArrayList<>();
            final boolean ended;
            try (ChildJvm child = ChildJvm.start(CopyKillChild.class, tmp.resolve("child-" + mode + "-" + round), args.toArray(String[]::new)))
            {
                final String open = child.nextLine(30_000);
                assertTrue("open".equals(open), () -> context + ": the child did not start: " + child.stderr());
                if (halting)
                {
                    awaitHalt(child);
                }
                else
                {
                    sleep(random.nextInt(600));
                }
                ended = !child.isAlive();
                final int exit = child.kill();
                if (ended && exit != HaltingFileIO.HALTED)
                {
                    throw new AssertionError(context + ": the child failed with exit code " + exit + ": " + child.stderr());
                }
                for (final String line : child.drain())
                {
                    if (line.startsWith("ack "))
                    {
                        acked = Long.parseLong(line.substring(4));
                    }
                    else if (line.startsWith("backup "))
                    {
                        backups.add(Integer.parseInt(line.substring(7)));
                    }
                }
            }
            summary.add(ended ? "halts-at-a-step" : "kills", 1);
            summary.add("commits-checked", acked - durable);
            if (mode.equals("offline"))
            {
                summary.add("swap-state-" + swapState(dir), 1);
            }
            // An offline compaction's copy starts its txn ids afresh: only the contents tell the state.
            final long recovered = RecoveryCheck.openCheckAndWrite(dir, config.options(), history, acked, acked + 1, workload,
                mode.equals("backup") && !config.compaction().enabled(), context);
            for (final String suffix : new String[]{NEW, OLD})
            {
                final Path left = dir.resolveSibling(dir.getFileName() + suffix);
                assertTrue(!Files.exists(left), () -> context + ": " + left + " is still there after a writable open");
            }
            summary.add("staging-copies-left", deleteStagingCopies(dir.getParent()));
            checkBackups(targets, backups, history, acked + 1, context, summary);
            KillLoopTest.deleteTree(targets);
            durable = recovered + 1;
            history.forgetBefore(durable);
        }
        KillLoopTest.deleteTree(dir);
    }

    /** @return which names of an offline swap a kill left, before the open settles them. */
    private static String swapState(final Path dir)
    {
        final boolean fresh = Files.exists(dir.resolveSibling(dir.getFileName() + NEW));
        final boolean old = Files.exists(dir.resolveSibling(dir.getFileName() + OLD));
        if (!fresh && !old)
        {
            return "none";
        }
        return (Files.exists(dir) ? "dir+" : "") + (fresh ? "new" : "") + (fresh && old ? "+" : "") + (old ? "old" : "");
    }

    /**
     * Deletes the temporary directories of copies a kill interrupted before their rename; nothing
     * cleans them up (they never carry a store's name).
     *
     * @return how many there were.
     */
    private static int deleteStagingCopies(final Path parent)
    {
        try (Stream<Path> entries = Files.list(parent))
        {
            final List<Path> staging = entries.filter(p -> p.getFileName().toString().contains(STAGING)).toList();
            staging.forEach(KillLoopTest::deleteTree);
            return staging.size();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void checkBackups(
        final Path targets, final List<Integer> returned, final ModelHistory history, final long maxSeq, final String context,
        final Summary summary)
    {
        for (final int i : returned)
        {
            assertTrue(Files.isDirectory(targets.resolve("b" + i)), () -> context + ": backup b" + i + " returned but is not there");
        }
        summary.add("staging-copies-left", deleteStagingCopies(targets));
        try (Stream<Path> entries = Files.list(targets))
        {
            for (final Path target : (Iterable<Path>)entries::iterator)
            {
                checkBackup(target, history, maxSeq, context + ", backup " + target.getFileName());
                summary.add("backups-checked", 1);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void checkBackup(final Path target, final ModelHistory history, final long maxSeq, final String context)
    {
        try (Store store = Store.openReadOnly(target))
        {
            final VerifyReport report = store.verify();
            assertTrue(report.isClean(), () -> context + ": verify found " + report.problems());
            try (Snapshot snapshot = store.snapshot())
            {
                final long sequence = Workload.sequence(snapshot::get);
                assertTrue(sequence <= maxSeq, () -> context + ": holds sequence " + sequence + ", newer than any begun (" + maxSeq + ")");
                final String difference = ModelHistory.difference(snapshot, history.at(sequence));
                assertTrue(difference == null, () -> context + ": is not the source's state at sequence " + sequence + ": " + difference);
            }
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError(context + ": the backup is not a whole store: " + ex, ex);
        }
    }

    /** Waits for the child to halt at its step, at most a few seconds (a late step is a kill instead). */
    private static void awaitHalt(final ChildJvm child)
    {
        final long deadline = System.currentTimeMillis() + HALT_WAIT_MILLIS;
        while (child.isAlive() && System.currentTimeMillis() < deadline)
        {
            sleep(5);
        }
    }

    private static void mkdirs(final Path dir)
    {
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void sleep(final long millis)
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
}
