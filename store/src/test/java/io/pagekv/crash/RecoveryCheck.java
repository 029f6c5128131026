package io.pagekv.crash;

import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.VerifyReport;
import io.pagekv.WriteTxn;

import java.nio.file.Path;
import java.util.NavigableMap;

/**
 * What every battery checks after a crash, a power loss or a fault: the store opens, the checker
 * finds nothing wrong, the newest commit holds a state of the application within the allowed
 * range of {@link Workload} sequence numbers (read from its marker, so that the store's own
 * compaction commits do not count), its contents equal the model of that state exactly (so no
 * transaction is half visible), and a new transaction commits on top of it. Without automatic
 * compaction every commit is the application's, so the sequence number must also be the txn id.
 */
final class RecoveryCheck
{
    private RecoveryCheck()
    {
    }

    /**
     * Opens {@code dir} for writing and checks it; writes one more transaction and checks again.
     *
     * @param dir      the store directory.
     * @param options  options to open it with.
     * @param history  expected contents per sequence number.
     * @param minSeq   lowest acceptable sequence number (the last acknowledged durable one).
     * @param maxSeq   highest acceptable sequence number (the last one begun).
     * @param workload the workload, for the extra transaction.
     * @param context  what to name in a failure.
     * @return the sequence number the store opened at (before the extra transaction).
     * @throws AssertionError naming {@code context} when a check fails.
     */
    static long openCheckAndWrite(
        final Path dir, final StoreOptions options, final ModelHistory history, final long minSeq, final long maxSeq,
        final Workload workload, final String context)
    {
        return openCheckAndWrite(dir, options, history, minSeq, maxSeq, workload, !options.compaction().enabled(), context);
    }

    /**
     * As {@link #openCheckAndWrite(Path, StoreOptions, ModelHistory, long, long, Workload, String)}.
     *
     * @param sequenceIsTxn whether every commit of the store was the application's, so that the
     *                      sequence number must be the txn id: not when it compacted by itself,
     *                      nor when it is a compacted copy (backup, offline compaction).
     */
    static long openCheckAndWrite(
        final Path dir, final StoreOptions options, final ModelHistory history, final long minSeq, final long maxSeq,
        final Workload workload, final boolean sequenceIsTxn, final String context)
    {
        final long recovered;
        final Store store;
        try
        {
            store = Store.open(dir, options);
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError(context + ": store does not open: " + ex, ex);
        }
        try (store)
        {
            recovered = checkNewest(store, history, minSeq, maxSeq, sequenceIsTxn, context);
            try (WriteTxn txn = store.beginWrite())
            {
                workload.apply(txn);
                txn.commit();
            }
            catch (final RuntimeException ex)
            {
                throw new AssertionError(context + ": writing after recovery at sequence " + recovered + " fails: " + ex, ex);
            }
            checkNewest(store, history, recovered + 1, recovered + 1, sequenceIsTxn, context + ", after one more commit");
        }
        return recovered;
    }

    /**
     * Checks an open store's newest commit.
     *
     * @param store   the store.
     * @param history expected contents per sequence number.
     * @param minSeq  lowest acceptable sequence number.
     * @param maxSeq  highest acceptable sequence number.
     * @param context what to name in a failure.
     * @return the sequence number it holds.
     */
    static long checkNewest(final Store store, final ModelHistory history, final long minSeq, final long maxSeq, final String context)
    {
        return checkNewest(store, history, minSeq, maxSeq, !store.options().compaction().enabled(), context);
    }

    /**
     * As {@link #checkNewest(Store, ModelHistory, long, long, String)}.
     *
     * @param sequenceIsTxn whether every commit of the store was the application's (none compacted it).
     */
    static long checkNewest(
        final Store store, final ModelHistory history, final long minSeq, final long maxSeq, final boolean sequenceIsTxn, final String context)
    {
        final VerifyReport report;
        try
        {
            report = store.verify();
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError(context + ": verify throws " + ex, ex);
        }
        if (!report.isClean())
        {
            throw new AssertionError(context + ": verify found " + report.problems());
        }
        try (Snapshot snapshot = store.snapshot())
        {
            final long sequence = Workload.sequence(snapshot::get);
            if (sequence < minSeq || sequence > maxSeq)
            {
                throw new AssertionError(context + ": store opened at sequence " + sequence + " (txn " + snapshot.txnId() + "), expected " +
                    minSeq + (maxSeq == minSeq ? "" : ".." + maxSeq) + (sequence < minSeq ? " (an acknowledged commit is lost)" : ""));
            }
            if (sequenceIsTxn && sequence != snapshot.txnId())
            {
                throw new AssertionError(context + ": the marker says sequence " + sequence + " in a snapshot of txn " + snapshot.txnId() +
                    ", and without compaction every commit is the application's");
            }
            final String groups = Workload.checkGroups(snapshot::get);
            if (groups != null)
            {
                throw new AssertionError(context + ": " + groups);
            }
            final NavigableMap<byte[], byte[]> expected = history.at(sequence);
            final String difference = ModelHistory.difference(snapshot, expected);
            if (difference != null)
            {
                throw new AssertionError(context + ": contents of sequence " + sequence + " differ from the model: " + difference);
            }
            return sequence;
        }
        catch (final AssertionError ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError(context + ": reading the recovered store throws " + ex, ex);
        }
    }
}
