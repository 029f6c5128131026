package io.pagekv.crash;

import io.pagekv.CompactionPolicy;
import io.pagekv.Durability;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreIOException;
import io.pagekv.StoreOptions;
import io.pagekv.WriteTxn;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Battery 3, the real thing: a store on a 4 MiB tmpfs fills it. The commit that does not fit
 * fails with a {@link StoreIOException}, the store stays readable at its last commit, further
 * commits keep failing cleanly, and once space is back (a filler file is deleted) commits
 * succeed again; after a reopen everything acknowledged is there. Needs {@code mount}
 * (root in a container that allows it); skipped otherwise.
 */
@Tag("crash")
class DiskFullTest
{
    @TempDir
    Path tmp;

    @Test
    void fullDiskFailsCommitsCleanlyAndRecoversWhenSpaceIsBack() throws Exception
    {
        final Path mount = tmp.resolve("small-fs");
        Files.createDirectories(mount);
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString()),
            "cannot mount a small tmpfs here (needs root and a container that allows mount)");
        final Summary summary = new Summary("disk-full");
        try
        {
            fill(mount, summary);
            summary.set("result", "ok");
        }
        finally
        {
            // Lazy: the store's mappings are released by the garbage collector, later.
            run("umount", "-l", mount.toString());
            summary.print();
        }
    }

    private static void fill(final Path mount, final Summary summary) throws IOException
    {
        final Path filler = mount.resolve("filler");
        Files.write(filler, new byte[1 << 20]);
        final Path dir = mount.resolve("store");
        final long seed = CrashSettings.seed();
        summary.set("seed", seed);
        // No transaction of over 2 MiB: a 4 MiB file system could never take one.
        final Workload workload = new Workload(seed, false, false);
        final ModelHistory history = new ModelHistory(workload);
        final StoreOptions options = StoreOptions.defaults().withCompaction(CompactionPolicy.off()).withSegmentSize(256 << 10).withDurability(Durability.SYNC);
        long committed;
        try (Store store = Store.open(dir, options))
        {
            committed = 0;
            int failures = 0;
            while (failures < 5)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    final long sequence = workload.apply(txn);
                    txn.commit();
                    committed = sequence;
                }
                catch (final StoreIOException ex)
                {
                    failures++;
                    summary.add("enospc-failures", 1);
                    RecoveryCheck.checkNewest(store, history, committed, committed, "seed " + seed + ", disk full after txn " + committed);
                }
            }
            summary.add("commits-before-full", committed);
            Files.delete(filler);
            for (int i = 0; i < 10; i++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    final long sequence = workload.apply(txn);
                    txn.commit();
                    committed = sequence;
                }
            }
            summary.add("commits-after-space-back", 10);
        }
        try (Store store = Store.open(dir, options))
        {
            RecoveryCheck.checkNewest(store, history, committed, committed, "seed " + seed + ", reopened after the disk was full");
        }
    }

    private static boolean run(final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        }
        catch (final IOException | InterruptedException ex)
        {
            return false;
        }
    }

}
