package io.pagekv.cli;

import io.pagekv.Cursor;
import io.pagekv.Durability;
import io.pagekv.FileSeam;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreFiles;
import io.pagekv.StoreOptions;
import io.pagekv.WriteTxn;
import io.pagekv.crash.PowerLossImage;
import io.pagekv.crash.RecordingFileIO;
import io.pagekv.crash.Scratch;
import io.pagekv.crash.Summary;
import io.pagekv.io.FileIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code load} cut by a simulated power loss: the real command runs in this process on a dump,
 * into a new or an existing store, with every write and force of its store recorded
 * ({@link RecordingFileIO}, injected through {@link StoreDirectory#optionsSeam}); then, at many
 * cut points of that log, {@link PowerLossImage} builds the files as a power loss there could
 * leave them (unforced writes dropped, applied or torn at 512-byte sectors, in any order).
 * Each image must pass {@code pagekv verify} and open to exactly the store's earlier entries
 * plus a prefix of the dump in dump order ending at one of load's commit boundaries: no older
 * than the last commit load had acknowledged in {@code SYNC} (or made durable by closing the
 * store), no newer than the one in flight. Load's acknowledgments are marked in the log through
 * {@link LoadPosition#commitSeam}.
 *
 * <p>{@code -Dpagekv.cli.powerloss.images=N} sets the images checked per try (default 20). A
 * failure names the case and image seeds; jqwik prints its own seed and tries the failing case
 * first on the next run.
 */
class LoadPowerLossProperties
{
    private static final int IMAGES = Integer.getInteger("pagekv.cli.powerloss.images", 20);
    private static final int STYLES = PowerLossImage.Style.values().length;
    /** Small segments, so that images stay small and load rolls to new segments (the default, 64 MiB, is sparse but copied whole). */
    private static final long[] SEGMENT_SIZES = {64 << 10, 256 << 10, 1 << 20};

    /** Figures of all tries, printed once at the end: images checked, and of those the ones without a store or newer than durable. */
    private static final Summary SUMMARY = new Summary("cli-load-power-loss");

    @AfterContainer
    static void printSummary()
    {
        SUMMARY.print();
    }

    @Property(tries = 12)
    void loadCutByAPowerLossLeavesThePriorEntriesPlusADumpPrefixAtACommitBoundary(
        @ForAll @IntRange(min = 0, max = 300) final int entries,
        @ForAll @IntRange(min = 1, max = 64) final int batch,
        @ForAll final boolean intoExisting,
        @ForAll final boolean fromStdin,
        @ForAll final Durability durability,
        @ForAll final long seed) throws IOException
    {
        final Random random = new Random(seed);
        final StoreOptions shape = StoreOptions.defaults().withSegmentSize(SEGMENT_SIZES[random.nextInt(SEGMENT_SIZES.length)]);
        final Path root = Scratch.directory(Path.of(System.getProperty("java.io.tmpdir")));
        final String context = entries + " entries, --batch " + batch + ", segments of " + shape.segmentSize() +
            (intoExisting ? ", into an existing store" : ", into a new store") + (fromStdin ? " from standard input" : " from a file") +
            ", " + durability + ", seed " + seed;
        try
        {
            final NavigableMap<byte[], byte[]> dumped = randomEntries(random, entries);
            final Path dumpFile = Files.write(root.resolve("dump"), dumpOf(dumped, root.resolve("source")));
            final Path dir = root.resolve("store");
            final NavigableMap<byte[], byte[]> prior = intoExisting ? existingStore(dir, shape, dumped, random) : newMap();
            final RecordingFileIO recorder = new RecordingFileIO(FileIO.jdk(), dir);
            final UnaryOperator<StoreOptions> seam = options ->
                FileSeam.with(options.withSegmentSize(shape.segmentSize()).withDurability(durability), recorder);
            final List<Long> acknowledged = load(recorder, seam, dir, dumpFile, batch, fromStdin, durability, context);

            assertEquals(expectedAcknowledgments(entries, batch), acknowledged, context + ": load's commits");
            final Run run = new Run(commitStates(prior, dumped, batch), entries, batch, intoExisting, dumpFile);
            checkImages(recorder, run, root.resolve("image"), random, context);
            SUMMARY.add("loads", 1);
            SUMMARY.add("commits", run.commits());
        }
        finally
        {
            TempDirs.delete(root);
        }
    }

    /**
     * One recorded load.
     *
     * @param states       the contents after each commit: index k holds the prior entries plus the first k batches of the dump.
     * @param entries      entries in the dump.
     * @param batch        load's {@code --batch}.
     * @param intoExisting whether load went into an existing store.
     * @param dumpFile     the dump.
     */
    private record Run(List<NavigableMap<byte[], byte[]>> states, int entries, int batch, boolean intoExisting, Path dumpFile)
    {
        int commits()
        {
            return states.size() - 1;
        }

        /** @return the entries of the dump that load had read when it acknowledged commit k. */
        long entriesAt(final int commit)
        {
            return Math.min((long)commit * batch, entries);
        }
    }

    /** Runs {@code load} with its store's file I/O recorded; returns the entries committed at each acknowledged commit. */
    private static List<Long> load(
        final RecordingFileIO recorder, final UnaryOperator<StoreOptions> seam, final Path dir, final Path dumpFile, final int batch,
        final boolean fromStdin, final Durability durability, final String context) throws IOException
    {
        final List<Long> acknowledged = new ArrayList<>();
        final int ack = durability == Durability.SYNC ? RecordingFileIO.ACK_SYNC : RecordingFileIO.ACK_ASYNC;
        recorder.mark(RecordingFileIO.BEGIN, 1);
        StoreDirectory.optionsSeam = seam;
        LoadPosition.commitSeam = committed ->
        {
            acknowledged.add(committed);
            recorder.mark(ack, acknowledged.size());
            recorder.mark(RecordingFileIO.BEGIN, acknowledged.size() + 1);
        };
        final Cli.Result result;
        try
        {
            result = fromStdin ? Cli.withInput(Files.readAllBytes(dumpFile), "load", dir.toString(), "--batch", Integer.toString(batch)) :
                Cli.run("load", dir.toString(), dumpFile.toString(), "--batch", Integer.toString(batch));
        }
        finally
        {
            StoreDirectory.optionsSeam = UnaryOperator.identity();
            LoadPosition.commitSeam = committed -> { };
        }
        assertEquals(ExitCodes.OK, result.status(), () -> context + ": " + result);
        // load closed the store: every commit is durable now, in ASYNC too.
        recorder.mark(RecordingFileIO.DURABLE, acknowledged.size());
        return acknowledged;
    }

    private static List<Long> expectedAcknowledgments(final int entries, final int batch)
    {
        final List<Long> expected = new ArrayList<>();
        for (long committed = batch; committed - batch < entries; committed += batch)
        {
            expected.add(Math.min(committed, entries));
        }
        return expected;
    }

    /** @return the contents after each commit of load: index k holds the prior entries plus the first k batches of the dump. */
    private static List<NavigableMap<byte[], byte[]>> commitStates(
        final NavigableMap<byte[], byte[]> prior, final NavigableMap<byte[], byte[]> dumped, final int batch)
    {
        final List<NavigableMap<byte[], byte[]>> states = new ArrayList<>();
        final NavigableMap<byte[], byte[]> state = newMap();
        state.putAll(prior);
        states.add(copy(state));
        int inBatch = 0;
        for (final Map.Entry<byte[], byte[]> e : dumped.entrySet())
        {
            state.put(e.getKey(), e.getValue());
            if (++inBatch == batch)
            {
                states.add(copy(state));
                inBatch = 0;
            }
        }
        if (inBatch > 0)
        {
            states.add(copy(state));
        }
        return states;
    }

    /** Checks images at random cut points and at the end; one image of each cut point is then loaded on to the end. */
    private static void checkImages(final RecordingFileIO recorder, final Run run, final Path imageDir, final Random random, final String context)
    {
        final List<RecordingFileIO.Event> events = recorder.events();
        final TreeSet<Integer> cuts = new TreeSet<>();
        cuts.add(events.size());
        final int wanted = Math.min(events.size() + 1, Math.max(1, IMAGES / STYLES));
        while (cuts.size() < wanted)
        {
            cuts.add(random.nextInt(events.size() + 1));
        }
        final PowerLossImage model = new PowerLossImage(recorder, 0);
        for (final int cut : cuts)
        {
            while (model.position() < cut)
            {
                model.apply(events.get(model.position()));
            }
            for (final PowerLossImage.Style style : PowerLossImage.Style.values())
            {
                final long imageSeed = random.nextLong();
                PowerLossImage.write(model.image(new Random(imageSeed), style), imageDir);
                final String where = context + ", cut " + cut + "/" + events.size() + " (" + model.unforced() + " unforced writes), style " +
                    style + ", image seed " + imageSeed + ", commits acknowledged durable " + model.lastDurable() + ", begun " +
                    model.lastBegun() + " of " + run.commits();
                final int atCommit = checkImage(imageDir, run, model.lastDurable(), Math.min(model.lastBegun(), run.commits()), where);
                if (style == PowerLossImage.Style.RANDOM)
                {
                    resume(imageDir, run, atCommit, where);
                    SUMMARY.add("resumed", 1);
                }
            }
        }
    }

    /**
     * Checks one image: it verifies and holds the state after one commit of load, no older than
     * {@code durable}, no newer than {@code begun}.
     *
     * @return that commit.
     */
    private static int checkImage(final Path imageDir, final Run run, final long durable, final long begun, final String where)
    {
        final List<NavigableMap<byte[], byte[]>> states = run.states();
        if (!StoreFiles.holdsStore(imageDir))
        {
            // Cut while load created the store: no store yet, and nothing was acknowledged.
            assertTrue(!run.intoExisting() && durable == 0, () -> where + ": the store's meta file is gone");
            SUMMARY.add("images-without-store", 1);
            return 0;
        }
        final Cli.Result verify = Cli.run("verify", imageDir.toString());
        assertEquals(ExitCodes.OK, verify.status(), () -> where + ": verify\n" + verify);
        final NavigableMap<byte[], byte[]> found = contents(imageDir);
        int commit = -1;
        for (int k = 0; k < states.size() && commit < 0; k++)
        {
            if (sameEntries(states.get(k), found))
            {
                commit = k;
            }
        }
        final int atCommit = commit;
        assertTrue(atCommit >= 0, () -> where + ": " + found.size() + " entries are not the prior entries plus a prefix of the dump " +
            "at a commit boundary");
        assertTrue(atCommit >= durable && atCommit <= begun, () -> where + ": holds the state after commit " + atCommit);
        SUMMARY.add("images-verified", 1);
        SUMMARY.add("newer-than-durable", atCommit > durable ? 1 : 0);
        return atCommit;
    }

    /** Loads the rest of the dump into an image that holds the state after {@code commit}, as load's interruption report says to. */
    private static void resume(final Path imageDir, final Run run, final int commit, final String where)
    {
        final Cli.Result result = Cli.run("load", imageDir.toString(), run.dumpFile().toString(), "--skip", Long.toString(run.entriesAt(commit)));
        assertEquals(ExitCodes.OK, result.status(), () -> where + ": resuming after commit " + commit + "\n" + result);
        assertTrue(sameEntries(run.states().get(run.commits()), contents(imageDir)), () -> where + ": resumed after commit " + commit +
            ", the store does not hold the prior entries plus the whole dump");
    }

    /** Opens the image for writing, as the next command would, and reads every entry. */
    private static NavigableMap<byte[], byte[]> contents(final Path dir)
    {
        final NavigableMap<byte[], byte[]> found = newMap();
        try (Store store = Store.open(dir); Snapshot snapshot = store.snapshot(); Cursor cursor = snapshot.range(null, null))
        {
            while (cursor.next())
            {
                found.put(cursor.keyBytes(), cursor.valueBytes());
            }
        }
        return found;
    }

    private static boolean sameEntries(final NavigableMap<byte[], byte[]> a, final NavigableMap<byte[], byte[]> b)
    {
        if (a.size() != b.size())
        {
            return false;
        }
        final Iterator<Map.Entry<byte[], byte[]>> other = b.entrySet().iterator();
        for (final Map.Entry<byte[], byte[]> e : a.entrySet())
        {
            final Map.Entry<byte[], byte[]> f = other.next();
            if (!Arrays.equals(e.getKey(), f.getKey()) || !Arrays.equals(e.getValue(), f.getValue()))
            {
                return false;
            }
        }
        return true;
    }

    /** Binary keys; values mostly small, some spanning pages, a few large. */
    private static NavigableMap<byte[], byte[]> randomEntries(final Random random, final int count)
    {
        final NavigableMap<byte[], byte[]> entries = newMap();
        while (entries.size() < count)
        {
            final byte[] key = new byte[1 + random.nextInt(24)];
            random.nextBytes(key);
            entries.put(key, randomValue(random));
        }
        return entries;
    }

    private static byte[] randomValue(final Random random)
    {
        final int kind = random.nextInt(20);
        final byte[] value = new byte[kind == 0 ? 8_000 + random.nextInt(40_000) : kind < 4 ? 500 + random.nextInt(5_000) : random.nextInt(80)];
        random.nextBytes(value);
        return value;
    }

    /** Writes a dump of {@code entries} with the real {@code dump} command. */
    private static byte[] dumpOf(final NavigableMap<byte[], byte[]> entries, final Path source)
    {
        try (Store store = Store.open(source); WriteTxn txn = store.beginWrite())
        {
            entries.forEach(txn::put);
            txn.commit();
        }
        final Cli.Result dump = Cli.run("dump", source.toString());
        assertEquals(ExitCodes.OK, dump.status(), dump::toString);
        return dump.out();
    }

    /** Creates the store load goes into: some keys of the dump with other values, some keys of its own. */
    private static NavigableMap<byte[], byte[]> existingStore(
        final Path dir, final StoreOptions shape, final NavigableMap<byte[], byte[]> dumped, final Random random)
    {
        final NavigableMap<byte[], byte[]> prior = newMap();
        for (final byte[] key : dumped.keySet())
        {
            if (random.nextInt(4) == 0)
            {
                prior.put(key, randomValue(random));
            }
        }
        prior.putAll(randomEntries(random, random.nextInt(60)));
        try (Store store = Store.open(dir, shape); WriteTxn txn = store.beginWrite())
        {
            prior.forEach(txn::put);
            txn.commit();
        }
        return prior;
    }

    private static NavigableMap<byte[], byte[]> newMap()
    {
        return new TreeMap<>(Arrays::compareUnsigned);
    }

    private static NavigableMap<byte[], byte[]> copy(final NavigableMap<byte[], byte[]> map)
    {
        final NavigableMap<byte[], byte[]> copy = newMap();
        copy.putAll(map);
        return copy;
    }
}
