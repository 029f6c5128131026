package io.pagekv.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * verify finds each injected fault, says where it is, and exits 3; a clean store exits 0.
 */
class VerifyFaultTest
{
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    private Path segment;
    private List<SegmentPages.Page> pages;

    @BeforeEach
    void createStore() throws IOException
    {
        SampleStores.create(dir, 3000, 3);
        segment = dir.resolve("seg-000000");
        pages = SegmentPages.read(segment, PAGE);
    }

    @Test
    void cleanStoreVerifiesWithStatusZero()
    {
        final Cli.Result result = Cli.run("verify", dir.toString());
        assertEquals(ExitCodes.OK, result.status(), result::toString);
        assertTrue(result.text().contains("result: clean, no problems"), result::toString);
        assertTrue(result.text().contains("entries    3003, tree depth 2"), result::toString);
        assertEquals("", result.err());
    }

    @Test
    void flippedBitInALeafIsReportedAtItsPage() throws IOException
    {
        final SegmentPages.Page leaf = SegmentPages.first(pages, SegmentPages.LEAF, 1);
        SegmentPages.flipBit(segment, (long)leaf.index() * PAGE + 1000);
        assertProblemAt(leaf.index(), "CRC32C");
    }

    @Test
    void flippedBitInABranchIsReportedAtItsPage() throws IOException
    {
        final SegmentPages.Page branch = SegmentPages.first(pages, SegmentPages.BRANCH, 1);
        SegmentPages.flipBit(segment, (long)branch.index() * PAGE + 100);
        assertProblemAt(branch.index(), "CRC32C");
    }

    @Test
    void flippedBitInAnOverflowPageIsReportedAtItsRun() throws IOException
    {
        final SegmentPages.Page run = SegmentPages.first(pages, SegmentPages.OVERFLOW, 1);
        SegmentPages.flipBit(segment, (long)(run.index() + 2) * PAGE + 7);
        assertProblemAt(run.index(), "CRC32C");
    }

    @Test
    void flippedBitInACommitRecordOnTheChainIsReported() throws IOException
    {
        final SegmentPages.Page creation = SegmentPages.first(pages, SegmentPages.COMMIT, 0);
        SegmentPages.flipBit(segment, (long)creation.index() * PAGE + 70);
        assertProblemAt(creation.index(), "commit record of txn 0");
    }

    @Test
    void flippedBitInTheNewestCommitRecordIsRefusedAndReportedAtTheOlderOneWhenAsked() throws IOException
    {
        final SegmentPages.Page head = SegmentPages.first(pages, SegmentPages.COMMIT, 1);
        SegmentPages.flipBit(segment, (long)head.index() * PAGE + 70);
        assertProblemAt(head.index(), "checkpointed commit record of txn 1");
        assertProblemAt(head.index(), "newest checkpoint is unusable", "--damage-policy", "open-read-only-at-last-good");
    }

    @Test
    void truncatedSegmentIsReportedWhereItEnds() throws IOException
    {
        final int keep = pages.get(pages.size() - 1).index() + 10;
        truncate(keep);
        assertProblemAt(keep, "truncated");
    }

    @Test
    void segmentTruncatedThroughTheDataIsRefusedAndReportedWhenAsked() throws IOException
    {
        final int keep = SegmentPages.first(pages, SegmentPages.LEAF, 1).index() + 5;
        final SegmentPages.Page head = SegmentPages.first(pages, SegmentPages.COMMIT, 1);
        truncate(keep);
        assertProblemAt(head.index(), "checkpointed commit record of txn 1");
        assertProblemAt(keep, "truncated", "--damage-policy", "open-read-only-at-last-good");
    }

    @Test
    void damagedSegmentHeaderStopsTheOpenAndIsReportedWithItsPlace() throws IOException
    {
        SegmentPages.flipBit(segment, 100);
        final Cli.Result result = Cli.run("verify", dir.toString());
        assertEquals(ExitCodes.CORRUPT, result.status(), result::toString);
        assertTrue(result.text().contains("the store cannot be opened"), result::toString);
        assertTrue(result.text().contains(segment + " page 0 offset 4: CRC32C"), result::toString);
    }

    @Test
    void jsonReportListsTheProblem() throws IOException
    {
        final SegmentPages.Page leaf = SegmentPages.first(pages, SegmentPages.LEAF, 1);
        SegmentPages.flipBit(segment, (long)leaf.index() * PAGE + 1000);
        final Cli.Result result = Cli.run("verify", dir.toString(), "--json");
        assertEquals(ExitCodes.CORRUPT, result.status(), result::toString);
        assertTrue(result.text().contains("\"clean\": false"), result::toString);
        assertTrue(result.text().contains("\"page\": " + leaf.index()), result::toString);
    }

    private void truncate(final int pagesKept) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(segment.toFile(), "rw"))
        {
            raf.setLength((long)pagesKept * PAGE);
        }
    }

    private void assertProblemAt(final int page, final String what, final String... options)
    {
        final String[] args = new String[2 + options.length];
        args[0] = "verify";
        args[1] = dir.toString();
        System.arraycopy(options, 0, args, 2, options.length);
        final Cli.Result result = Cli.run(args);
        assertEquals(ExitCodes.CORRUPT, result.status(), result::toString);
        final String where = segment + " page " + page + " ";
        assertTrue(result.text().lines().anyMatch(l -> l.startsWith("  " + where) && l.contains(what)),
            () -> "expected a problem at " + where + "(" + what + "):\n" + result);
        assertTrue(result.errLine().lines().anyMatch(l -> l.startsWith("pagekv: ") && l.contains("found in " + dir)), result::toString);
    }
}
