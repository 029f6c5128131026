package io.pagekv;

import io.pagekv.check.StoreChecker;
import io.pagekv.io.ErrorMapper;
import io.pagekv.page.SegmentFiles;
import io.pagekv.format.StoreFileNames;
import io.pagekv.txn.CommitState;
import io.pagekv.txn.SuperblockSlot;
import io.pagekv.txn.Committer;
import io.pagekv.txn.Engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * {@link Store#verify}: the checker over one commit, inside the guard that reports a mapped fault
 * as damage; then, in a writer that counts live pages for compaction, the count compared with
 * what the checker found reachable, segment by segment.
 */
final class Verification
{
    private Verification()
    {
    }

    static VerifyReport run(final Engine engine, final Committer committer, final CommitState head, final LongConsumer progress)
    {
        final VerifyReport report;
        try
        {
            report = new StoreChecker(engine.pages(), engine.reader(), engine.firstSegment(), progress).check(head, engine.openWarnings());
            MappedFault.deliverPending();
        }
        catch (final InternalError ex)
        {
            throw ErrorMapper.mappedFault(engine.dir(), ex);
        }
        final Map<Integer, Long> counted;
        final String what;
        final SuperblockSlot checkpoint = engine.lastCheckpoint();
        if (head.txnId() != engine.head().txnId() || !report.problems().isEmpty())
        {
            // Counts are compared only with a complete walk: damage already reported leaves
            // pages uncounted, and a mismatch would only repeat it.
            return report;
        }
        if (committer != null && committer.accounting().isInitialized())
        {
            counted = committer.accounting().snapshot();
            what = "live pages counted for compaction: ";
        }
        else if (checkpoint.liveCounts() != null && checkpoint.commitTxn() == head.txnId())
        {
            counted = checkpoint.liveCounts().toMap();
            what = "live pages the checkpoint in " + engine.dir().resolve(StoreFileNames.META) + " records: ";
        }
        else
        {
            return report;
        }
        final Map<Integer, Long> found = new TreeMap<>();
        for (final VerifyReport.SegmentUsage usage : report.segments())
        {
            found.put(usage.number(), usage.livePages());
        }
        final List<VerifyProblem> problems = new ArrayList<>(report.problems());
        for (final Map.Entry<Integer, Long> entry : found.entrySet())
        {
            final long kept = counted.getOrDefault(entry.getKey(), 0L);
            if (kept != entry.getValue())
            {
                problems.add(new VerifyProblem(SegmentFiles.path(engine.dir(), entry.getKey()), -1, -1,
                    what + kept + ", reachable: " + entry.getValue()));
            }
        }
        return new VerifyReport(report.txnId(), report.entries(), report.depth(), report.pagesByType(), report.segments(),
            report.commitsChecked(), report.keySizes(), report.valueSizes(), problems);
    }
}
