package io.pagekv.audit;

import io.pagekv.StoreException;
import io.pagekv.format.AuditLogLayout;
import io.pagekv.io.ErrorMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Checks a store's durable audit log ({@code pagekv audit verify}): every file present and in
 * order, every record whole, in sequence and chained by its SHA-256 to the one before, and, when
 * given the store's head, that the log and the store agree. An edited, removed, reordered or
 * truncated record breaks the chain at that record, which the report names.
 *
 * <p>Reads only; safe beside a writer (records it has not finished writing may show as a
 * truncated last record). Thread-safe (no state).
 */
public final class AuditLogVerifier
{
    private AuditLogVerifier()
    {
    }

    /**
     * @param storeDir the store directory (its {@code audit/} directory is read).
     * @return whether it has a durable audit log (a log file in its {@code audit/} directory).
     * @throws StoreException if the directory exists but cannot be listed.
     */
    public static boolean hasLog(final Path storeDir)
    {
        try
        {
            return !AuditLogScan.logFiles(storeDir.resolve(AuditLogLayout.DIRECTORY)).isEmpty();
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot list the audit log in " + storeDir, ex);
        }
    }

    /**
     * Verifies the log.
     *
     * @param storeDir     the store directory.
     * @param storeHeadTxn the store's head txn to compare with, or -1 to check the chain only.
     * @param each         told every good record in order; may be null.
     * @return what was found.
     * @throws StoreException if there is no log or a file cannot be read.
     */
    public static AuditVerifyReport verify(final Path storeDir, final long storeHeadTxn, final Consumer<AuditRecord> each)
    {
        final Path auditDir = storeDir.resolve(AuditLogLayout.DIRECTORY);
        if (!hasLog(storeDir))
        {
            throw new StoreException("no audit log in " + storeDir + " (no log file in its " + AuditLogLayout.DIRECTORY + " directory)");
        }
        final AuditLogScan scan;
        try
        {
            scan = AuditLogScan.walk(auditDir, each);
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot read the audit log in " + auditDir, ex);
        }
        final AuditLogScan.Problem problem = scan.problem();
        final java.util.List<String> notes = new java.util.ArrayList<>(scan.notes());
        String disagreement = null;
        if (problem == null && storeHeadTxn >= 0 && scan.headTxn() >= 0 && scan.headTxn() != storeHeadTxn)
        {
            if (scan.headTxn() == storeHeadTxn + 1 && scan.lastKind() == AuditKind.COMMIT.code())
            {
                notes.add("the last record is the commit of txn " + scan.headTxn() + ", which is not in the store: it was in flight " +
                    "at a crash; the next writable open marks it abandoned");
            }
            else if (scan.headTxn() > storeHeadTxn)
            {
                disagreement = "the log records commits up to txn " + scan.headTxn() + " but the store's head is txn " + storeHeadTxn;
            }
            else
            {
                disagreement = "the store's head is txn " + storeHeadTxn + " but the log records commits only up to txn " + scan.headTxn() +
                    ": records were removed from the end, or the store was written without the log";
            }
        }
        return new AuditVerifyReport(scan.files(), scan.records(), problem == null ? null : problem.toString(),
            problem == null ? null : problem.file(), problem == null ? -1 : problem.offset(), problem == null ? -1 : problem.sequence(),
            scan.headTxn(), storeHeadTxn, disagreement, java.util.List.copyOf(notes));
    }
}
