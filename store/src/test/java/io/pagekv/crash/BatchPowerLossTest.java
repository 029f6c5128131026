package io.pagekv.crash;

import io.pagekv.Cursor;
import io.pagekv.Durability;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.TestStores;
import io.pagekv.VerifyReport;
import io.pagekv.WriteBatch;
import io.pagekv.FileSeam;
import io.pagekv.io.FileIO;
import io.pagekv.crash.RecordingFileIO.Event;
import io.pagekv.crash.RecordingFileIO.Mark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Battery 2 for batches: threads write {@link WriteBatch}es into one {@code SYNC} store through a
 * {@link RecordingFileIO}, so that the store applies the batches queued while a force runs in one
 * commit and one force (decision 66); then {@link PowerLossImage} rebuilds, at random cut points,
 * the disk images a power loss could leave. Each thread owns its keys and each of its batches
 * writes the thread's progress key, so an image's state is one batch number per thread. Every
 * image must open, verify clean, and hold for each thread exactly the model after its batch
 * number (no batch half applied, no other thread's keys), no lower than the last batch
 * acknowledged before the cut, no higher than the last one begun; and every batch it holds
 * brings with it every batch any thread had acknowledged before that one began (the images keep
 * an order of commits the writers saw). Then the store takes one more batch.
 */
@Tag("crash")
class BatchPowerLossTest
{
    private static final int RUNS = 3;
    private static final int IMAGES_PER_CUT = 4;
    private static final int KEYS_PER_THREAD = 12;
    /** Marks carry thread × this + batch number. */
    private static final long THREAD_STRIDE = 1_000_000;

    @TempDir
    Path tmp;

    @Test
    void everyPowerLossImageHoldsWholeBatchesInAnOrderTheWritersSaw()
    {
        final long seed = CrashSettings.seed();
        final Random random = new Random(seed);
        final int perRun = Math.max(IMAGES_PER_CUT, CrashSettings.images() / (3 * RUNS));
        final Summary summary = new Summary("batch-power-loss").set("seed", seed);
        final Path scratch = Scratch.directory(tmp);
        try
        {
            for (int run = 0; run < RUNS; run++)
            {
                run(run, random, perRun, scratch, summary);
            }
            summary.set("result", "ok");
        }
        catch (final AssertionError | RuntimeException ex)
        {
            summary.set("result", "FAILED");
            System.out.println(CrashSettings.replay("batch-power-loss", seed));
            throw ex;
        }
        finally
        {
            KillLoopTest.deleteTree(scratch);
            summary.print();
        }
    }

    private void run(final int run, final Random random, final int images, final Path scratch, final Summary summary)
    {
        final long[] segments = {64 << 10, 128 << 10, 1 << 20};
        final long[] checkpoints = {8 << 10, 256 << 10, 64L << 20};
        final StoreConfig config = new StoreConfig(4096, segments[random.nextInt(segments.length)],
            checkpoints[random.nextInt(checkpoints.length)], Durability.SYNC, StoreConfig.randomCompaction(random));
        final BatchModel model = new BatchModel(random.nextLong(), 2 + random.nextInt(3), 15 + random.nextInt(20));
        final Path live = tmp.resolve("run" + run);
        final RecordingFileIO recorder = new RecordingFileIO(FileIO.jdk(), live);
        write(live, recorder, config, model);
        final List<Event> events = recorder.events();
        final TreeSet<Integer> cuts = new TreeSet<>();
        cuts.add(events.size());
        while (cuts.size() < Math.min(events.size() + 1, Math.max(1, images / IMAGES_PER_CUT)))
        {
            cuts.add(random.nextInt(events.size() + 1));
        }
        // Short logs have fewer cut points than wanted: take more images at each.
        final int perCut = Math.max(IMAGES_PER_CUT, images / cuts.size());
        final Progress progress = new Progress(model.threads);
        final PowerLossImage image = new PowerLossImage(recorder, 0);
        final Path imageDir = scratch.resolve("image");
        final String context = "run " + run + " " + config + " batch seed " + model.seed + ", " + model.threads + " threads";
        for (final int cut : cuts)
        {
            while (image.position() < cut)
            {
                final Event event = events.get(image.position());
                progress.see(event);
                image.apply(event);
            }
            for (int i = 0; i < perCut; i++)
            {
                final PowerLossImage.Style style = PowerLossImage.Style.values()[i % PowerLossImage.Style.values().length];
                final long imageSeed = random.nextLong();
                final Map<String, byte[]> files = image.image(new Random(imageSeed), style);
                PowerLossImage.write(files, imageDir);
                final String where = context + ", cut " + cut + "/" + events.size() + " (" + image.unforced() +
                    " unforced writes), style " + style + ", image seed " + imageSeed;
                try
                {
                    check(imageDir, config, model, progress, where);
                }
                catch (final AssertionError ex)
                {
                    PowerLossImage.write(files, imageDir);
                    throw new AssertionError(ex.getMessage() + "\n" + FailureCopy.keep(imageDir, "batch-power-loss") + "\n" +
                        LogDump.dump(imageDir, config.pageSize()), ex);
                }
                summary.add("images", 1);
            }
            summary.add("cut-points", 1);
        }
        summary.add("batches", (long)model.threads * model.batchesPerThread);
        KillLoopTest.deleteTree(live);
    }

    /** Each thread writes its batches, marking each begun before and acknowledged after {@code Store.write}. */
    private static void write(final Path dir, final RecordingFileIO recorder, final StoreConfig config, final BatchModel model)
    {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Store store = TestStores.openWithoutEveryStoreHooks(dir, FileSeam.with(config.options(), recorder)))
        {
            final Thread[] writers = new Thread[model.threads];
            for (int t = 0; t < model.threads; t++)
            {
                final int thread = t;
                writers[t] = new Thread(() ->
                {
                    try
                    {
                        for (int n = 1; n <= model.batchesPerThread; n++)
                        {
                            recorder.mark(RecordingFileIO.BEGIN, thread * THREAD_STRIDE + n);
                            store.write(model.batch(thread, n));
                            recorder.mark(RecordingFileIO.ACK_SYNC, thread * THREAD_STRIDE + n);
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
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
        if (failure.get() != null)
        {
            throw new AssertionError("a writer thread failed", failure.get());
        }
    }

    private static void check(final Path dir, final StoreConfig config, final BatchModel model, final Progress progress, final String where)
    {
        final Store store;
        try
        {
            store = Store.open(dir, config.options());
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError(where + ": store does not open: " + ex, ex);
        }
        try (store)
        {
            final VerifyReport report = store.verify();
            if (!report.isClean())
            {
                throw new AssertionError(where + ": verify found " + report.problems());
            }
            final int[] held = new int[model.threads];
            try (Snapshot snapshot = store.snapshot())
            {
                for (int t = 0; t < model.threads; t++)
                {
                    final byte[] seq = snapshot.get(BatchModel.progressKey(t));
                    held[t] = seq == null ? 0 : ByteBuffer.wrap(seq).getInt();
                    if (held[t] < progress.acknowledged[t] || held[t] > progress.begun[t])
                    {
                        throw new AssertionError(where + ": thread " + t + " holds batch " + held[t] + ", expected " + progress.acknowledged[t] +
                            ".." + progress.begun[t] + (held[t] < progress.acknowledged[t] ? " (an acknowledged batch is lost)" : ""));
                    }
                }
                final String difference = model.difference(snapshot, held);
                if (difference != null)
                {
                    throw new AssertionError(where + ": holding batches " + Arrays.toString(held) + ", " + difference);
                }
            }
            for (int t = 0; t < model.threads; t++)
            {
                if (held[t] == 0)
                {
                    continue;
                }
                final int[] before = progress.acknowledgedBefore.get(t).get(held[t] - 1);
                for (int u = 0; u < model.threads; u++)
                {
                    if (held[u] < before[u])
                    {
                        throw new AssertionError(where + ": holding batches " + Arrays.toString(held) + ", thread " + t + "'s batch " + held[t] +
                            " began after thread " + u + "'s batch " + before[u] + " was acknowledged, which is lost");
                    }
                }
            }
            final byte[] after = "after-recovery".getBytes(StandardCharsets.US_ASCII);
            store.write(new WriteBatch().put(after, after));
            try (Snapshot snapshot = store.snapshot())
            {
                if (!Arrays.equals(after, snapshot.get(after)))
                {
                    throw new AssertionError(where + ": a batch written after recovery is not read back");
                }
            }
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError(where + ": the recovered store fails: " + ex, ex);
        }
    }

    /** What the writers had begun and acknowledged up to a cut point, and what each batch began after. */
    private static final class Progress
    {
        final int[] begun;
        final int[] acknowledged;
        /** Per thread, per batch (from 1): every thread's last acknowledged batch when it began. */
        final List<List<int[]>> acknowledgedBefore = new ArrayList<>();

        Progress(final int threads)
        {
            begun = new int[threads];
            acknowledged = new int[threads];
            for (int t = 0; t < threads; t++)
            {
                acknowledgedBefore.add(new ArrayList<>());
            }
        }

        void see(final Event event)
        {
            if (!(event instanceof Mark mark))
            {
                return;
            }
            final int thread = (int)(mark.txnId() / THREAD_STRIDE);
            final int batch = (int)(mark.txnId() % THREAD_STRIDE);
            if (mark.kind() == RecordingFileIO.BEGIN)
            {
                begun[thread] = batch;
                acknowledgedBefore.get(thread).add(acknowledged.clone());
            }
            else if (mark.kind() == RecordingFileIO.ACK_SYNC)
            {
                acknowledged[thread] = batch;
            }
        }
    }

    /**
     * The threads' batches, drawn from a seed: each puts and deletes some of its thread's keys
     * (values of 0 to 300 bytes, now and then 6,000, which take overflow pages) and puts the
     * thread's progress key to its number; and the model of each thread's keys after each batch.
     */
    private static final class BatchModel
    {
        final long seed;
        final int threads;
        final int batchesPerThread;
        private final WriteBatch[][] batches;
        /** Per thread, per batch number from 0: the thread's keys after that batch. */
        private final NavigableMap<byte[], byte[]>[][] states;

        @SuppressWarnings("unchecked")
        BatchModel(final long seed, final int threads, final int batchesPerThread)
        {
            this.seed = seed;
            this.threads = threads;
            this.batchesPerThread = batchesPerThread;
            final Random random = new Random(seed);
            batches = new WriteBatch[threads][batchesPerThread + 1];
            states = new NavigableMap[threads][batchesPerThread + 1];
            for (int t = 0; t < threads; t++)
            {
                NavigableMap<byte[], byte[]> state = TestStores.model();
                states[t][0] = state;
                for (int n = 1; n <= batchesPerThread; n++)
                {
                    state = copy(state);
                    final WriteBatch batch = new WriteBatch();
                    for (int op = 1 + random.nextInt(6); op > 0; op--)
                    {
                        final byte[] key = ("t" + t + "/k" + random.nextInt(KEYS_PER_THREAD)).getBytes(StandardCharsets.US_ASCII);
                        if (random.nextInt(5) == 0)
                        {
                            batch.delete(key);
                            state.remove(key);
                        }
                        else
                        {
                            final byte[] value = new byte[random.nextInt(12) == 0 ? 6000 : random.nextInt(301)];
                            random.nextBytes(value);
                            batch.put(key, value);
                            state.put(key, value);
                        }
                    }
                    final byte[] progress = ByteBuffer.allocate(4).putInt(n).array();
                    batch.put(progressKey(t), progress);
                    state.put(progressKey(t), progress);
                    batches[t][n] = batch;
                    states[t][n] = state;
                }
            }
        }

        static byte[] progressKey(final int thread)
        {
            return ("t" + thread + "/seq").getBytes(StandardCharsets.US_ASCII);
        }

        WriteBatch batch(final int thread, final int n)
        {
            return batches[thread][n];
        }

        /** @return null if the snapshot holds exactly each thread's state at {@code held}, else what differs. */
        String difference(final Snapshot snapshot, final int[] held)
        {
            final NavigableMap<byte[], byte[]> expected = TestStores.model();
            for (int t = 0; t < threads; t++)
            {
                expected.putAll(states[t][held[t]]);
            }
            final NavigableMap<byte[], byte[]> found = TestStores.model();
            try (Cursor cursor = snapshot.range(null, null))
            {
                while (cursor.next())
                {
                    found.put(cursor.keyBytes(), cursor.valueBytes());
                }
            }
            for (final Map.Entry<byte[], byte[]> entry : expected.entrySet())
            {
                final byte[] value = found.remove(entry.getKey());
                if (value == null)
                {
                    return "key " + new String(entry.getKey(), StandardCharsets.US_ASCII) + " is missing";
                }
                if (!Arrays.equals(value, entry.getValue()))
                {
                    return "key " + new String(entry.getKey(), StandardCharsets.US_ASCII) + " holds " + value.length +
                        " bytes unlike the model's " + entry.getValue().length;
                }
            }
            return found.isEmpty() ? null : "key " + new String(found.firstKey(), StandardCharsets.US_ASCII) + " is not in the model";
        }

        private static NavigableMap<byte[], byte[]> copy(final NavigableMap<byte[], byte[]> state)
        {
            final NavigableMap<byte[], byte[]> copy = TestStores.model();
            copy.putAll(state);
            return copy;
        }
    }
}
