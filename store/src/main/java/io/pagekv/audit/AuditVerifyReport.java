package io.pagekv.audit;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link AuditLogVerifier} found.
 *
 * @param files         log files read.
 * @param records       good records, in order, before the first problem.
 * @param firstProblem  the first bad record or file, named by file, offset and sequence number; null if none.
 * @param badFile       the file of the first problem, or null.
 * @param badOffset     its offset in that file, or -1.
 * @param badSequence   the sequence number the bad record should have had, or -1.
 * @param logHeadTxn    the store's head as the log tells it, or -1 if it tells none.
 * @param storeHeadTxn  the store's head, or -1 if the store was not compared.
 * @param disagreement  why the log and the store disagree, or null.
 * @param notes         what the log recorded of crashes (abandoned commits, cut tails); no problem.
 */
public record AuditVerifyReport(int files, long records, String firstProblem, Path badFile, long badOffset, long badSequence, long logHeadTxn,
    long storeHeadTxn, String disagreement, List<String> notes)
{
    /** @return whether the chain is whole and the log agrees with the store. */
    public boolean isClean()
    {
        return firstProblem == null && disagreement == null;
    }
}
