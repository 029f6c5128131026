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
 * finds nothing wrong, the newest commit is within the allowed range of txn ids, its contents
 * equal the model of that commit exactly (so no transaction is half visible), and a new
 * transaction commits on top of it.
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
     * @param history  expected contents per txn id.
     * @param minTxn   lowest acceptable newest commit (the last acknowledged durable one).
     * @param maxTxn   highest acceptable newest commit (the last one begun).
     * @param workload the workload, for the extra transaction.
     * @return the txn id the store opened at (before the extra transaction).
     * @throws AssertionError naming {@code context} when a check fails.
     */
    static long openCheckAndWrite(
        final Path dir, final StoreOptions options, final ModelHistory history, final long minTxn, final long maxTxn,
        final Workload workload, final String context)
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
            recovered = checkNewest(store, history, minTxn, maxTxn, context);
            try (WriteTxn txn = store.beginWrite())
            {
                workload.apply(txn);
                txn.commit();
            }
            catch (final RuntimeException ex)
            {
                throw new AssertionError(context + ": writing after recovery at txn " + recovered + " fails: " + ex, ex);
            }
            checkNewest(store, history, recovered + 1, recovered + 1, context + ", after one more commit");
        }
        return recovered;
    }

    /**
     * Checks an open store's newest commit.
     *
     * @return its txn id.
     */
    static long checkNewest(final Store store, final ModelHistory history, final long minTxn, final long maxTxn, final String context)
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
            final long txnId = snapshot.txnId();
            if (txnId < minTxn || txnId > maxTxn)
            {
                throw new AssertionError(context + ": store opened at txn " + txnId + ", expected " + minTxn +
                    (maxTxn == minTxn ? "" : ".." + maxTxn) + (txnId < minTxn ? " (an acknowledged commit is lost)" : ""));
            }
            final String groups = Workload.checkGroups(snapshot::get, txnId);
            if (groups != null)
            {
                throw new AssertionError(context + ": " + groups);
            }
            final NavigableMap<byte[], byte[]> expected = history.at(txnId);
            final String difference = ModelHistory.difference(snapshot, expected);
            if (difference != null)
            {
                throw new AssertionError(context + ": contents of txn " + txnId + " differ from the model: " + difference);
            }
            return txnId;
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
