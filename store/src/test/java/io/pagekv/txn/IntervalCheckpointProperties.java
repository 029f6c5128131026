package io.pagekv.txn;

import io.pagekv.PropertyDirectories;
import io.pagekv.io.FileIO;
import io.pagekv.ipc.StoreCounters;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The interval's checkpoint names a commit that a force covered, and waits for none unless the
 * log grew by twice the interval (decision 72). Commits of 1 to 40 pages (a value each) go into
 * a log with a 64 KiB interval, in one segment (a roll checkpoints on its own terms); after some of them the test forces everything
 * appended, as a committing thread or the log flusher would (the committer forces nothing
 * itself here: its commits are forced only on request). After every step:
 * <ul>
 *   <li>the writer forced nothing unless the log grew by twice the interval since the last
 *       checkpoint;</li>
 *   <li>the newest superblock slot names a forced commit;</li>
 *   <li>the commits after it (what recovery would walk) are less than twice the interval plus
 *       the largest commit;</li>
 *   <li>after a force, a commit, a force and a commit, they are less than the interval plus the
 *       last commit: a candidate taken at a commit is checkpointed at the commit after the
 *       force that covered it.</li>
 * </ul>
 */
class IntervalCheckpointProperties
{
    private static final int PAGE = 4096;
    private static final long INTERVAL = 64 << 10;
    private static final int FORCE = 0;
    /** More than 120 commits of 40 pages: no roll. */
    private static final long SEGMENT = 32 << 20;

    private final PropertyDirectories dirs = new PropertyDirectories();

    @AfterProperty
    void deleteDirectories()
    {
        dirs.deleteAll();
    }

    /**
     * @param steps each {@link #FORCE} forces what was appended; any other number commits a value of that many pages.
     */
    @Property(tries = 40)
    void theSlotNamesAForcedCommitAndTheWalkStaysBounded(
        @ForAll @Size(min = 5, max = 120) final List<@IntRange(min = 0, max = 40) Integer> steps) throws Exception
    {
        final Path dir = dirs.create("pagekv-interval-checkpoint");
        final List<CommitState> commits = new ArrayList<>();
        long largest = 0;
        try (Engine engine = Engine.openWritable(dir, FileIO.jdk(), PAGE, SEGMENT, 0, OnDamage.REFUSE))
        {
            // Forced on request only (the SYNC committer's second step), so the test decides what is durable.
            final Committer committer = new Committer(engine, true, INTERVAL, StoreCounters.inProcess());
            for (int i = 0; i < steps.size(); i++)
            {
                if (steps.get(i) == FORCE)
                {
                    committer.awaitDurable(engine.head());
                }
                else
                {
                    final long checkpointedBefore = engine.lastCheckpoint().commitTxn();
                    final CommitState committed = EngineCommits.put(engine, committer, new byte[] {'k', (byte)(i % 7)},
                        new byte[steps.get(i) * PAGE - 64]);
                    commits.add(committed);
                    largest = Math.max(largest, bytes(committed));
                    final long grown = bytesAfter(commits, checkpointedBefore);
                    assertTrue(!engine.log().isDurable(committed.txnId()) || grown >= 2 * INTERVAL, "the writer forced the log at a " +
                        "commit " + grown + " bytes after the checkpoint, under twice the interval: " + steps.subList(0, i + 1));
                }
                final SuperblockSlot slot = engine.lastCheckpoint();
                assertTrue(engine.log().isDurable(slot.commitTxn()), "the slot names txn " + slot.commitTxn() + ", not forced, after " +
                    steps.subList(0, i + 1));
                final long walk = bytesAfter(commits, slot.commitTxn());
                assertTrue(walk < 2 * INTERVAL + largest, walk + " bytes of commits after the checkpoint, after " + steps.subList(0, i + 1));
                if (i >= 3 && steps.get(i - 3) == FORCE && steps.get(i - 2) != FORCE && steps.get(i - 1) == FORCE && steps.get(i) != FORCE)
                {
                    assertTrue(walk < INTERVAL + bytes(engine.head()), walk + " bytes of commits after the checkpoint after a force, " +
                        "a commit, a force and a commit: " + steps.subList(0, i + 1));
                }
            }
            engine.checkpoint();
        }
    }

    private static long bytesAfter(final List<CommitState> commits, final long checkpointed)
    {
        long bytes = 0;
        for (final CommitState commit : commits)
        {
            if (commit.txnId() > checkpointed)
            {
                bytes += bytes(commit);
            }
        }
        return bytes;
    }

    private static long bytes(final CommitState commit)
    {
        return (commit.bodyPages() + 1L) * PAGE;
    }
}
