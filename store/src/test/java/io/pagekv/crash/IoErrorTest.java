package io.pagekv.crash;

import io.pagekv.FileSeam;
import io.pagekv.Durability;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreException;
import io.pagekv.StoreIOException;
import io.pagekv.StorePoisonedException;
import io.pagekv.WriteTxn;
import io.pagekv.io.FileIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * Battery 3, I/O errors (SQLite's ioerr loop): each case arms one injected fault — the n-th
 * write, force, length change, open, directory force, rename or delete fails, once or for
 * good (a full disk, until "space is back") — and runs a workload through it. Every failure
 * must surface as a {@link StoreException}; after a failed write the store stays readable at
 * its last commit and takes commits again; after a failed force it is poisoned. At the end the
 * store reopens at a state no older than the last durable commit, and so do power-loss images
 * in which the writes pending at a failed force are lost (the kernel may drop them), so a
 * failed force can never be passed off as durable.
 *
 * <p>A failure names its case seed; {@code -Dpagekv.crash.case=<seed>} runs that case alone.
 */
@Tag("crash")
class IoErrorTest
{
    private static final FaultyFileIO.Op[] OPS = FaultyFileIO.Op.values();
    private static final int[] WEIGHTS = {5, 40, 30, 8, 2, 10, 5};
    private static final int[] MAX_N = {8, 40, 40, 8, 1, 6, 2};
    private static final int TXNS = 30;

    @TempDir
    Path tmp;

    @Test
    void injectedFaultsFailCleanlyAndNeverLoseDurableCommits()
    {
        final long seed = CrashSettings.seed();
        final Random random = new Random(seed);
        final Summary summary = new Summary("io-errors").set("seed", seed);
        final Path scratch = Scratch.directory(tmp);
        try
        {
            final String only = System.getProperty("pagekv.crash.case", "");
            for (int i = 0; i < (only.isBlank() ? CrashSettings.faults() : 1); i++)
            {
                final long caseSeed = only.isBlank() ? random.nextLong() : Long.parseLong(only.trim());
                runCase(scratch.resolve("case" + i), scratch.resolve("image"), caseSeed, summary);
                summary.add("cases", 1);
            }
            summary.set("result", "ok");
        }
        catch (final AssertionError | RuntimeException ex)
        {
            summary.set("result", "FAILED");
            System.out.println(CrashSettings.replay("io-errors", seed));
            throw ex;
        }
        finally
        {
            KillLoopTest.deleteTree(scratch);
            summary.print();
        }
    }

    private static FaultyFileIO.Op pick(final Random random)
    {
        int r = random.nextInt(100);
        for (int i = 0; i < OPS.length; i++)
        {
            r -= WEIGHTS[i];
            if (r < 0)
            {
                return OPS[i];
            }
        }
        return FaultyFileIO.Op.WRITE;
    }

    private void runCase(final Path dir, final Path imageDir, final long caseSeed, final Summary summary)
    {
        final Random random = new Random(caseSeed);
        final Workload workload = new Workload(random.nextLong());
        final ModelHistory history = new ModelHistory(workload);
        final StoreConfig config = new StoreConfig(4096, 64 << 10, random.nextBoolean() ? 8 << 10 : 64L << 20,
            random.nextInt(3) == 0 ? Durability.ASYNC : Durability.SYNC, StoreConfig.randomCompaction(random));
        final RecordingFileIO recorder = new RecordingFileIO(FileIO.jdk(), dir);
        final FaultyFileIO io = new FaultyFileIO(recorder, random.nextLong()).listener(recorder);
        final FaultyFileIO.Op op = pick(random);
        final boolean persistent = random.nextInt(3) == 0;
        io.arm(op, 1 + random.nextInt(MAX_N[op.ordinal()]), persistent, random.nextBoolean());
        final String context = "case seed " + caseSeed + " " + config + ", fault " + op + (persistent ? " (persistent)" : "");
        final CaseState state = new CaseState();
        Store store = null;
        try
        {
            for (int i = 0; i < TXNS; i++)
            {
                if (persistent && io.injected() >= 3)
                {
                    io.disarm();
                }
                if (store == null)
                {
                    store = open(dir, config, io, context, summary);
                    if (store == null)
                    {
                        continue;
                    }
                    state.committed = currentSequence(store);
                }
                store = commitOne(store, workload, history, recorder, io, config, state, context, summary);
            }
            if (store != null)
            {
                closeAfterFaults(store, recorder, state, context);
            }
        }
        finally
        {
            io.disarm();
        }
        summary.add("faults-injected", io.injected());
        summary.add("commits", state.acked);
        final long recovered = RecoveryCheck.openCheckAndWrite(dir, config.options(), history, state.durable, state.begun, workload,
            context + ", reopened as the process left it");
        checkPowerLoss(recorder, history, workload, config, imageDir, random, context, summary);
        summary.add("reopen-checks", 1);
        if (recovered > state.durable)
        {
            summary.add("newer-than-durable", 1);
        }
        KillLoopTest.deleteTree(dir);
    }

    /** What one case knows about its commits. */
    private static final class CaseState
    {
        long committed;
        long durable;
        long begun;
        long acked;
    }

    private static Store open(final Path dir, final StoreConfig config, final FaultyFileIO io, final String context, final Summary summary)
    {
        try
        {
            return Store.open(dir, FileSeam.with(config.options(), io));
        }
        catch (final StoreException ex)
        {
            summary.add("open-failures", 1);
            return null;
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError(context + ": open failed with " + ex + " instead of a StoreException (" + io.lastFault() + ")", ex);
        }
    }

    private static long currentSequence(final Store store)
    {
        try (Snapshot snapshot = store.snapshot())
        {
            return Workload.sequence(snapshot::get);
        }
    }

    private static Store commitOne(
        final Store store, final Workload workload, final ModelHistory history, final RecordingFileIO recorder, final FaultyFileIO io,
        final StoreConfig config, final CaseState state, final String context, final Summary summary)
    {
        final long faultsBefore = io.injected();
        try (WriteTxn txn = store.beginWrite())
        {
            final long sequence = Workload.sequence(txn::get) + 1;
            recorder.mark(RecordingFileIO.BEGIN, sequence);
            state.begun = Math.max(state.begun, sequence);
            workload.apply(txn);
            txn.commit();
            state.committed = sequence;
            state.acked++;
            if (config.durability() == Durability.SYNC)
            {
                state.durable = sequence;
                recorder.mark(RecordingFileIO.ACK_SYNC, sequence);
            }
            return store;
        }
        catch (final StorePoisonedException ex)
        {
            summary.add("poisoned", 1);
            checkStaysPoisoned(store, context);
            closePoisoned(store, config, state, context);
            return null;
        }
        catch (final StoreException ex)
        {
            if (io.injected() == faultsBefore)
            {
                throw new AssertionError(context + ": commit failed without an injected fault: " + ex, ex);
            }
            if (!(ex instanceof StoreIOException))
            {
                throw new AssertionError(context + ": a failed " + io.lastFault() + " gave " + ex + ", expected StoreIOException", ex);
            }
            summary.add("failed-commits", 1);
            final String unchanged;
            try
            {
                unchanged = stillAt(store, history, state.committed);
            }
            catch (final StorePoisonedException poisoned)
            {
                // A background force (of the log, or of a roll's checkpoint) failed meanwhile.
                summary.add("poisoned", 1);
                closePoisoned(store, config, state, context);
                return null;
            }
            if (unchanged != null)
            {
                throw new AssertionError(context + ": after a failed commit (" + io.lastFault() + ") " + unchanged);
            }
            return store;
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError(context + ": " + io.lastFault() + " gave " + ex + " instead of a StoreException", ex);
        }
    }

    private static String stillAt(final Store store, final ModelHistory history, final long sequence)
    {
        try (Snapshot snapshot = store.snapshot())
        {
            final long at = Workload.sequence(snapshot::get);
            if (at != sequence)
            {
                return "the store is at sequence " + at + " (txn " + snapshot.txnId() + "), expected the last commit's " + sequence;
            }
            return ModelHistory.difference(snapshot, history.at(sequence));
        }
    }

    private static void checkStaysPoisoned(final Store store, final String context)
    {
        try (Snapshot ignored = store.snapshot())
        {
            throw new AssertionError(context + ": a poisoned store still opens snapshots");
        }
        catch (final StorePoisonedException expected)
        {
            // Every later call says why.
        }
    }

    /**
     * Closes a poisoned store: with ASYNC, close says that commits acknowledged since the last
     * force may not be durable; with SYNC every acknowledged commit was forced, so it does not.
     */
    private static void closePoisoned(final Store store, final StoreConfig config, final CaseState state, final String context)
    {
        try
        {
            store.close();
        }
        catch (final StorePoisonedException ex)
        {
            if (config.durability() == Durability.SYNC)
            {
                throw new AssertionError(context + ": closing a poisoned SYNC store throws although every acknowledged commit " +
                    "(up to txn " + state.durable + ") was forced: " + ex, ex);
            }
        }
    }

    private static void closeAfterFaults(final Store store, final RecordingFileIO recorder, final CaseState state, final String context)
    {
        try
        {
            store.close();
            recorder.mark(RecordingFileIO.DURABLE, state.committed);
            state.durable = Math.max(state.durable, state.committed);
        }
        catch (final StoreException ex)
        {
            // A failed final checkpoint: the commits since the last force are of unknown durability.
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError(context + ": close failed with " + ex + " instead of a StoreException", ex);
        }
    }

    private static void checkPowerLoss(
        final RecordingFileIO recorder, final ModelHistory history, final Workload workload, final StoreConfig config,
        final Path imageDir, final Random random, final String context, final Summary summary)
    {
        final var events = recorder.events();
        final PowerLossImage model = new PowerLossImage(recorder, 0);
        final int[] cuts = {random.nextInt(events.size() + 1), events.size()};
        for (final int cut : cuts)
        {
            final PowerLossImage replay = cut == events.size() ? model : new PowerLossImage(recorder, 0);
            while (replay.position() < cut)
            {
                replay.apply(events.get(replay.position()));
            }
            for (final PowerLossImage.Style style : new PowerLossImage.Style[]{PowerLossImage.Style.NONE_LANDS, PowerLossImage.Style.RANDOM})
            {
                final long imageSeed = random.nextLong();
                final Map<String, byte[]> image = replay.image(new Random(imageSeed), style);
                PowerLossImage.write(image, imageDir);
                final String where = context + ", power loss at " + cut + "/" + events.size() + " style " + style + " image seed " + imageSeed;
                try
                {
                    RecoveryCheck.openCheckAndWrite(imageDir, config.options(), history, replay.lastDurable(), replay.lastBegun(), workload, where);
                }
                catch (final AssertionError ex)
                {
                    PowerLossImage.write(image, imageDir);
                    throw new AssertionError(ex.getMessage() + "\n" + FailureCopy.keep(imageDir, "io-errors"), ex);
                }
                summary.add("images", 1);
            }
        }
    }
}
