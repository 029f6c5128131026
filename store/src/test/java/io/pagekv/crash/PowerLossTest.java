package io.pagekv.crash;

import io.pagekv.FileSeam;
import io.pagekv.Durability;
import io.pagekv.Store;
import io.pagekv.WriteTxn;
import io.pagekv.io.FileIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Battery 2, power loss: a store runs a random workload through a {@link RecordingFileIO};
 * then {@link PowerLossImage} rebuilds, at many cut points of the log, disk images a power loss
 * could leave (unforced writes dropped, applied or torn at 512-byte sectors, in any order).
 * Each image must open with the real file seam, verify clean, hold exactly the contents of one
 * committed state of the application, no older than the last one acknowledged in {@code SYNC}
 * (or made durable by a close), and take a new commit. Most runs compact aggressively, so that
 * images are also cut inside compaction's moving commits, superblock rewrites and segment
 * deletions; states are told apart by their contents ({@link Workload}'s sequence numbers).
 *
 * <p>Each run has several generations: the next generation starts from one checked image, so
 * recovery after recovery (overwriting a torn tail, stale records past the head) is covered.
 * The second generation of each run commits from several threads at once, whose forced commits
 * share forces (group commit): a force there covers only the writes done before it started.
 */
@Tag("crash")
class PowerLossTest
{
    private static final int RUNS = 3;
    private static final int GENERATIONS = 3;
    private static final int IMAGES_PER_CUT = 4;

    @TempDir
    Path tmp;

    /** Where images are opened: tmpfs when there is one, since each check forces a few times. */
    private Path scratch;

    @Test
    void everyPowerLossImageOpensAtADurableCommittedState()
    {
        final long seed = CrashSettings.seed();
        final Random random = new Random(seed);
        final int perGeneration = Math.max(IMAGES_PER_CUT, CrashSettings.images() / (RUNS * GENERATIONS));
        final Summary summary = new Summary("power-loss").set("seed", seed);
        scratch = Scratch.directory(tmp);
        try
        {
            for (int run = 0; run < RUNS; run++)
            {
                run(run, random, perGeneration, summary);
            }
            summary.set("result", "ok");
        }
        catch (final AssertionError | RuntimeException ex)
        {
            summary.set("result", "FAILED");
            System.out.println(CrashSettings.replay("power-loss", seed));
            throw ex;
        }
        finally
        {
            KillLoopTest.deleteTree(scratch);
            summary.print();
        }
    }

    private void run(final int run, final Random random, final int perGeneration, final Summary summary)
    {
        final long workloadSeed = random.nextLong();
        final Workload workload = new Workload(workloadSeed);
        final ModelHistory history = new ModelHistory(workload);
        final long[] segments = {64 << 10, 128 << 10, 1 << 20};
        final long[] checkpoints = {8 << 10, 256 << 10, 64L << 20};
        final StoreConfig config = new StoreConfig(random.nextInt(4) == 0 ? 8192 : 4096, segments[random.nextInt(segments.length)],
            checkpoints[random.nextInt(checkpoints.length)], Durability.SYNC, StoreConfig.randomCompaction(random));
        Path live = tmp.resolve("run" + run + "-gen0");
        long base = 0;
        for (int generation = 0; generation < GENERATIONS; generation++)
        {
            final RecordingFileIO recorder = new RecordingFileIO(FileIO.jdk(), live);
            final long last;
            if (generation == 1)
            {
                // Forced commits of several threads at once, which share forces (group commit).
                last = runConcurrentWorkload(live, recorder, config.withDurability(Durability.SYNC), workload, base, 2 + random.nextInt(3),
                    15 + random.nextInt(25));
                summary.add("concurrent-generations", 1);
            }
            else
            {
                final StoreConfig generationConfig = config.withDurability(random.nextInt(5) < 2 ? Durability.ASYNC : Durability.SYNC);
                last = runWorkload(live, recorder, generationConfig, workload, random, base, 30 + random.nextInt(50));
            }
            summary.add("commits", last - base);
            final String context = "run " + run + " generation " + generation + " " + config + " workload seed " + workloadSeed;
            final Path next = tmp.resolve("run" + run + "-gen" + (generation + 1));
            base = checkImages(recorder, base, history, workload, config, random, perGeneration, next, context, summary);
            KillLoopTest.deleteTree(live);
            live = next;
            history.forgetBefore(base);
        }
        KillLoopTest.deleteTree(live);
    }

    private static long runWorkload(
        final Path dir, final RecordingFileIO recorder, final StoreConfig config, final Workload workload, final Random random,
        final long base, final int txns)
    {
        Durability durability = config.durability();
        Store store = Store.open(dir, FileSeam.with(config.withDurability(durability).options(), recorder));
        long last = base;
        try
        {
            for (int i = 0; i < txns; i++)
            {
                if (random.nextInt(25) == 0)
                {
                    store.close();
                    recorder.mark(RecordingFileIO.DURABLE, last);
                    durability = random.nextInt(3) == 0 ? Durability.ASYNC : Durability.SYNC;
                    store = Store.open(dir, FileSeam.with(config.withDurability(durability).options(), recorder));
                }
                try (WriteTxn txn = store.beginWrite())
                {
                    final long sequence = Workload.sequence(txn::get) + 1;
                    recorder.mark(RecordingFileIO.BEGIN, sequence);
                    workload.apply(txn);
                    if (random.nextInt(20) == 0)
                    {
                        txn.abort();
                        continue;
                    }
                    txn.commit();
                    last = sequence;
                    recorder.mark(durability == Durability.SYNC ? RecordingFileIO.ACK_SYNC : RecordingFileIO.ACK_ASYNC, last);
                }
            }
        }
        finally
        {
            store.close();
        }
        recorder.mark(RecordingFileIO.DURABLE, last);
        return last;
    }

    /**
     * Several threads commit forced transactions at once; each acknowledges its commit once
     * {@code commit()} returned, so acknowledgements may come out of order.
     *
     * @return the last sequence committed.
     */
    private static long runConcurrentWorkload(
        final Path dir, final RecordingFileIO recorder, final StoreConfig config, final Workload workload, final long base,
        final int threads, final int txnsPerThread)
    {
        final AtomicLong last = new AtomicLong(base);
        try (Store store = Store.open(dir, FileSeam.with(config.options(), recorder)))
        {
            final Thread[] writers = new Thread[threads];
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int t = 0; t < threads; t++)
            {
                writers[t] = new Thread(() ->
                {
                    try
                    {
                        for (int i = 0; i < txnsPerThread; i++)
                        {
                            try (WriteTxn txn = store.beginWrite())
                            {
                                final long sequence = Workload.sequence(txn::get) + 1;
                                recorder.mark(RecordingFileIO.BEGIN, sequence);
                                workload.apply(txn);
                                txn.commit();
                                recorder.mark(RecordingFileIO.ACK_SYNC, sequence);
                                last.accumulateAndGet(sequence, Math::max);
                            }
                        }
                    }
                    catch (final Throwable ex)
                    {
                        failure.compareAndSet(null, ex);
                    }
                });
                writers[t].start();
            }
            for (final Thread writer : writers)
            {
                writer.join();
            }
            if (failure.get() != null)
            {
                throw new AssertionError("a writer thread failed", failure.get());
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
        recorder.mark(RecordingFileIO.DURABLE, last.get());
        return last.get();
    }

    /**
     * Checks images at random cut points; leaves one checked image (with one more commit) in
     * {@code next} for the next generation.
     *
     * @return the txn id {@code next} holds.
     */
    private long checkImages(
        final RecordingFileIO recorder, final long base, final ModelHistory history, final Workload workload, final StoreConfig config,
        final Random random, final int images, final Path next, final String context, final Summary summary)
    {
        final var events = recorder.events();
        final TreeSet<Integer> cuts = new TreeSet<>();
        cuts.add(events.size());
        while (cuts.size() < Math.min(events.size() + 1, Math.max(1, images / IMAGES_PER_CUT)))
        {
            cuts.add(random.nextInt(events.size() + 1));
        }
        final int chosen = random.nextInt(cuts.size());
        // Short logs have fewer cut points than wanted: take more images at each.
        final int perCut = Math.max(IMAGES_PER_CUT, images / cuts.size());
        final PowerLossImage model = new PowerLossImage(recorder, base);
        final Path imageDir = scratch.resolve("image");
        long nextBase = -1;
        int cutIndex = 0;
        for (final int cut : cuts)
        {
            while (model.position() < cut)
            {
                model.apply(events.get(model.position()));
            }
            for (int i = 0; i < perCut; i++)
            {
                final PowerLossImage.Style style = PowerLossImage.Style.values()[i % PowerLossImage.Style.values().length];
                final long imageSeed = random.nextLong();
                final Map<String, byte[]> image = model.image(new Random(imageSeed), style);
                PowerLossImage.write(image, imageDir);
                if (i == 0 && ReusedSegments.any(imageDir, config.pageSize()))
                {
                    summary.add("cut-points-with-a-reused-segment", 1);
                }
                final String where = context + ", cut " + cut + "/" + events.size() + " (" + model.unforced() + " unforced writes), style " +
                    style + ", image seed " + imageSeed;
                final long recovered;
                try
                {
                    recovered = RecoveryCheck.openCheckAndWrite(imageDir, config.options(), history, model.lastDurable(), model.lastBegun(),
                        workload, where);
                }
                catch (final AssertionError ex)
                {
                    PowerLossImage.write(image, imageDir);
                    throw new AssertionError(ex.getMessage() + "\n" + FailureCopy.keep(imageDir, "power-loss") + "\n" +
                        LogDump.dump(imageDir, config.pageSize()), ex);
                }
                summary.add("images", 1);
                if (LowestSegment.of(imageDir) > 0)
                {
                    summary.add("images-after-retirement", 1);
                }
                summary.add("unforced-writes-seen", model.unforced());
                if (recovered > model.lastDurable())
                {
                    summary.add("newer-than-durable", 1);
                }
                if (cutIndex == chosen && i == perCut - 1)
                {
                    KillLoopTest.deleteTree(next);
                    PowerLossImage.write(Map.of(), next);
                    copy(imageDir, next);
                    nextBase = recovered + 1;
                }
            }
            summary.add("cut-points", 1);
            cutIndex++;
        }
        return nextBase;
    }

    private static void copy(final Path from, final Path to)
    {
        try (var files = java.nio.file.Files.list(from))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                java.nio.file.Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
