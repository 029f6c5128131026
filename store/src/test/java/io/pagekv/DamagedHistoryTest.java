package io.pagekv;

import io.pagekv.format.PageAddress;
import io.pagekv.format.SuperblockLayout;
import io.pagekv.txn.CommitState;
import io.pagekv.txn.LogReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damage must not look like a shorter history (issue 11, section 2). A multi-segment crash image
 * (the log walked past the checkpoint, {@code ASYNC}) is cut at every page boundary of every
 * segment; each cut either loses only commits that were never forced (a torn tail: the store
 * opens at the last commit before the cut) or loses a forced one (the checkpointed commit, or
 * commits in a segment the writer rolled away from: refused, files unchanged). Then the single
 * cases: a flipped bit in the checkpointed record, a missing middle segment, a zeroed slot.
 */
class DamagedHistoryTest
{
    private static final int PAGE = 4096;
    private static final StoreOptions OPTIONS = StoreOptions.defaults().withSegmentSize(64 << 10).withCheckpointBytes(1L << 40)
        .withDurability(Durability.ASYNC).withCompaction(CompactionPolicy.off());

    @TempDir
    Path tmp;

    private Path reference;
    private final List<NavigableMap<byte[], byte[]>> history = new ArrayList<>();
    private long lastTxn;

    @BeforeEach
    void buildReference()
    {
        final Path live = tmp.resolve("live");
        reference = tmp.resolve("reference");
        DamageFixtures.write(live, OPTIONS, 40, new Random(11), history);
        try (Store store = Store.open(live, OPTIONS))
        {
            DamageFixtures.write(store, 40, new Random(12), history);
            lastTxn = store.info().lastTxnId();
            TestStores.crashImage(live, reference);
        }
    }

    @Test
    @Tag("crash")
    void cutAtEveryPageBoundaryOpensATornTailAndRefusesLostForcedCommits() throws IOException
    {
        final int[] outcomes = new int[4];
        cutEverywhere(reference, outcomes);
        final Path olderSlot = tmp.resolve("older-slot");
        DamageFixtures.copy(reference, olderSlot);
        DamageFixtures.zeroSlot(olderSlot, DamageFixtures.newestSlot(olderSlot));
        cutEverywhere(olderSlot, outcomes);
        System.out.println("[damage] page-boundary cuts: torn-tail-opened=" + outcomes[0] + " refused-lost-forced=" + outcomes[1] +
            " refused-unreadable-segment=" + outcomes[2] + " opened-at-head=" + outcomes[3]);
        assertTrue(outcomes[0] > 0 && outcomes[1] > 0, "both outcomes must occur");
    }

    private void cutEverywhere(final Path base, final int[] outcomes) throws IOException
    {
        final Log log = Log.read(base);
        final Path dir = tmp.resolve("cut");
        for (final CommitState commit : log.commits)
        {
            assertTrue(commit.segment() <= log.lastSegment());
        }
        for (int segment = 0; segment <= log.lastSegment(); segment++)
        {
            final Path file = DamageFixtures.segment(base, segment);
            final long pages = Files.size(file) / PAGE;
            for (int cut = 0; cut < pages; cut++)
            {
                DamageFixtures.copy(base, dir);
                DamageFixtures.truncate(DamageFixtures.segment(dir, segment), (long)cut * PAGE);
                final String context = "seg " + segment + " cut at page " + cut;
                final Expected expected = log.expect(segment, cut);
                if (expected.refused())
                {
                    final var before = DamageFixtures.hash(dir);
                    final CorruptStoreException ex = assertThrows(CorruptStoreException.class, () -> Store.open(dir, OPTIONS).close(), context);
                    assertThrows(CorruptStoreException.class, () -> Store.openReadOnly(dir).close(), context);
                    assertEquals(before, DamageFixtures.hash(dir), context + ": a refused open changed the files");
                    if (ex instanceof DamagedHistoryException lost)
                    {
                        assertTrue(lost.getMessage().contains("Nothing was changed"), lost.getMessage());
                        if (lost.lastGoodTxn() != CorruptStoreException.UNKNOWN)
                        {
                            assertEquals(expected.txn(), lost.lastGoodTxn(), context);
                        }
                        outcomes[1]++;
                        assertReadOnlyAtLastGood(dir, expected.txn(), context);
                    }
                    else
                    {
                        assertTrue(cut < 2, context + ": refused with " + ex);
                        outcomes[2]++;
                    }
                }
                else
                {
                    try (Store store = Store.open(dir, OPTIONS); Snapshot snapshot = store.snapshot())
                    {
                        assertEquals(expected.txn(), snapshot.txnId(), context);
                        if (segment >= log.segmentOf(expected.txn()))
                        {
                            TestStores.assertSameContents(snapshot, history.get((int)expected.txn()));
                        }
                        outcomes[expected.txn() == lastTxn ? 3 : 0]++;
                    }
                }
            }
        }
    }

    private void assertReadOnlyAtLastGood(final Path dir, final long txn, final String context)
    {
        final StoreOptions policy = OPTIONS.withDamagePolicy(DamagePolicy.OPEN_READ_ONLY_AT_LAST_GOOD);
        if (txn < 0)
        {
            assertThrows(CorruptStoreException.class, () -> Store.open(dir, policy).close(), context + ": no older slot to fall back to");
            return;
        }
        try (Store store = Store.open(dir, policy); Snapshot snapshot = store.snapshot())
        {
            assertTrue(store.isReadOnly(), context);
            assertEquals(txn, snapshot.txnId(), context);
            TestStores.assertSameContents(snapshot, history.get((int)txn));
            assertFalse(store.verify().isClean(), context + ": the damage must stay in the report");
        }
    }

    @Test
    void flippedBitInTheCheckpointedCommitIsRefusedAndEachPolicyDoesWhatItSays() throws IOException
    {
        final Path dir = tmp.resolve("flipped");
        DamageFixtures.copy(reference, dir);
        final Log log = Log.read(dir);
        final long record = DamageFixtures.checkpointedRecord(dir);
        DamageFixtures.flipBit(DamageFixtures.segment(dir, PageAddress.segment(record)),
            (long)PageAddress.pageIndex(record) * PAGE + 100, 3);
        final var before = DamageFixtures.hash(dir);
        final DamagedHistoryException ex = assertThrows(DamagedHistoryException.class, () -> Store.open(dir, OPTIONS).close());
        assertTrue(ex.getMessage().contains("page " + PageAddress.pageIndex(record) + " in ") &&
            ex.getMessage().contains("offset " + (long)PageAddress.pageIndex(record) * PAGE) &&
            ex.getMessage().contains("Nothing was changed"), ex.getMessage());
        assertThrows(DamagedHistoryException.class, () -> Store.openReadOnly(dir).close());
        assertEquals(before, DamageFixtures.hash(dir));

        final long older = log.olderCheckpointChainEnd();
        try (Store store = Store.open(dir, OPTIONS.withDamagePolicy(DamagePolicy.OPEN_READ_ONLY_AT_LAST_GOOD)); Snapshot snapshot = store.snapshot())
        {
            assertTrue(store.isReadOnly());
            assertEquals(older, snapshot.txnId());
            TestStores.assertSameContents(snapshot, history.get((int)older));
        }
        assertEquals(before, DamageFixtures.hash(dir), "a read-only open at the last good commit changed the files");

        try (Store store = Store.open(dir, OPTIONS.withDamagePolicy(DamagePolicy.TRUNCATE_TO_LAST_GOOD)))
        {
            assertFalse(store.isReadOnly());
            assertEquals(older, store.info().lastTxnId());
            store.put(new byte[]{7}, new byte[]{7});
        }
        try (Store store = Store.open(dir, OPTIONS))
        {
            assertEquals(older + 1, store.info().lastTxnId(), "truncated history is the store's history now");
            TestStores.assertClean(store);
        }
    }

    @Test
    void missingMiddleSegmentIsRefused() throws IOException
    {
        final Path dir = tmp.resolve("missing");
        DamageFixtures.copy(reference, dir);
        final Log log = Log.read(dir);
        final int middle = log.lastSegment() / 2;
        Files.delete(DamageFixtures.segment(dir, middle));
        final var before = DamageFixtures.hash(dir);
        final DamagedHistoryException ex = assertThrows(DamagedHistoryException.class, () -> Store.open(dir, OPTIONS).close());
        assertTrue(ex.getMessage().contains(DamageFixtures.segment(dir, middle).getFileName().toString()), ex.getMessage());
        assertThrows(DamagedHistoryException.class, () -> Store.openReadOnly(dir).close());
        assertEquals(before, DamageFixtures.hash(dir));
    }

    @Test
    void zeroedSuperblockSlotIsNotDamageWhileTheOtherLeadsToTheHead() throws IOException
    {
        for (int slot = 0; slot < SuperblockLayout.SLOT_COUNT; slot++)
        {
            final Path dir = tmp.resolve("zeroed-" + slot);
            DamageFixtures.copy(reference, dir);
            DamageFixtures.zeroSlot(dir, slot);
            try (Store store = Store.openReadOnly(dir); Snapshot snapshot = store.snapshot())
            {
                assertEquals(lastTxn, snapshot.txnId(), "slot " + slot + " zeroed");
                TestStores.assertSameContents(snapshot, history.get((int)lastTxn));
            }
            try (Store store = Store.open(dir, OPTIONS))
            {
                assertEquals(lastTxn, store.info().lastTxnId());
            }
        }
    }

    /**
     * Each fact about the next segment proves the lost commits on its own: with the checkpoint at
     * or before the second-to-last segment's first commit (the newest slot zeroed: the older one
     * names the commit a roll forced) and that segment cut after its first commit, only the last segment's header (created for a txn past the cut) or only its page 1
     * (a commit record past the cut) is left intact, and either refuses the store.
     */
    @Test
    void eitherTheNextSegmentsHeaderOrItsFirstRecordProvesTheLostCommits() throws IOException
    {
        final Path base = tmp.resolve("older-checkpoint");
        DamageFixtures.copy(reference, base);
        DamageFixtures.zeroSlot(base, DamageFixtures.newestSlot(base));
        final Log log = Log.read(base);
        final int last = log.lastSegment();
        final List<CommitState> inPrevious = log.commits.stream().filter(c -> c.segment() == last - 1).toList();
        final CommitState kept = inPrevious.isEmpty() ? null : inPrevious.get(0);
        assertTrue(inPrevious.size() >= 2 && log.checkpointTxn() <= kept.txnId(),
            "the fixture needs the older checkpoint at or before the first commit of a segment of two or more commits: " + inPrevious);
        final int cut = kept.nextPageIndex();
        for (final long zeroedPage : new long[]{0, 1})
        {
            final Path dir = tmp.resolve("only-page-" + (1 - zeroedPage) + "-left");
            DamageFixtures.copy(base, dir);
            DamageFixtures.truncate(DamageFixtures.segment(dir, last - 1), (long)cut * PAGE);
            try (RandomAccessFile file = new RandomAccessFile(DamageFixtures.segment(dir, last).toFile(), "rw"))
            {
                file.seek(zeroedPage * PAGE);
                file.write(new byte[PAGE]);
            }
            final var before = DamageFixtures.hash(dir);
            final DamagedHistoryException ex = assertThrows(DamagedHistoryException.class, () -> Store.open(dir, OPTIONS).close(),
                "page " + zeroedPage + " of the last segment zeroed");
            assertEquals(kept.txnId(), ex.lastGoodTxn());
            assertEquals(kept.txnId() + 1, ex.firstTxnBeyond());
            assertTrue(ex.getMessage().contains(zeroedPage == 0 ? "holds the commit record of txn" : "was created for txn"), ex.getMessage());
            assertEquals(before, DamageFixtures.hash(dir));
        }
    }

    /**
     * A read-only open races a writer that rolls segments: commits it sees past its walk were
     * appended meanwhile, not damage. No open may refuse.
     */
    @Test
    void readOnlyOpensBesideARollingWriterNeverSeeDamage() throws Exception
    {
        final Path dir = tmp.resolve("live-writer");
        final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        try (Store writer = Store.open(dir, OPTIONS))
        {
            final Thread thread = new Thread(() ->
            {
                final Random random = new Random(5);
                while (!stop.get())
                {
                    final byte[] value = new byte[3000 + random.nextInt(9000)];
                    random.nextBytes(value);
                    writer.put(new byte[]{(byte)random.nextInt(50)}, value);
                }
            });
            thread.start();
            try
            {
                for (int i = 0; i < 300; i++)
                {
                    try (Store reader = Store.openReadOnly(dir))
                    {
                        assertTrue(reader.info().lastTxnId() >= 0);
                    }
                }
            }
            finally
            {
                stop.set(true);
                thread.join();
            }
        }
    }

    /** The outcome the durability contract gives a cut: refused, or opened at {@code txn}. */
    private record Expected(boolean refused, long txn)
    {
    }

    /** The commits of a store and where each lies, as the intact copy has them. */
    private record Log(List<CommitState> commits, long checkpointTxn, long olderCheckpointTxn)
    {
        static Log read(final Path dir) throws IOException
        {
            final List<CommitState> commits = new ArrayList<>();
            try (Store store = Store.openReadOnly(dir))
            {
                final LogReader reader = store.engine().reader();
                for (CommitState state = reader.commitAt(PageAddress.of(0, 1)); state != null; state = reader.next(state))
                {
                    commits.add(state);
                }
            }
            final long[] slots = DamageFixtures.slotTxns(dir);
            return new Log(commits, Math.max(slots[0], slots[1]), Math.min(slots[0], slots[1]));
        }

        int lastSegment()
        {
            return commits.get(commits.size() - 1).segment();
        }

        int segmentOf(final long txn)
        {
            return commits.get((int)txn).segment();
        }

        long olderCheckpointChainEnd()
        {
            // The flipped record is the newest checkpoint's; the older one's walk ends just before it.
            return checkpointTxn - 1;
        }

        /**
         * A cut of {@code segment} at page {@code cut}: the walk from the newest valid slot's
         * commit ends before the first commit not wholly below the cut. It is refused when the
         * checkpointed commit is lost, when a commit forced by a roll to a later segment is lost,
         * or when a segment the log needs is too short to hold a header and a page.
         */
        Expected expect(final int segment, final int cut)
        {
            final CommitState checkpointed = commits.get((int)checkpointTxn);
            if (lost(checkpointed, segment, cut))
            {
                // A damage policy falls back to the older slot and walks to the cut from there.
                long older = olderCheckpointTxn;
                while (older >= 0 && older + 1 < commits.size() && !lost(commits.get((int)older + 1), segment, cut))
                {
                    older++;
                }
                return new Expected(true, older < 0 || lost(commits.get((int)olderCheckpointTxn), segment, cut) ? -1 : older);
            }
            long head = checkpointTxn;
            while (head + 1 < commits.size() && !lost(commits.get((int)head + 1), segment, cut))
            {
                head++;
            }
            final int headSegment = commits.get((int)head).segment();
            final boolean lostForced = head + 1 < commits.size() && commits.get(commits.size() - 1).segment() > commits.get((int)head + 1).segment();
            final boolean laterCreatedAfterLost = head + 1 < commits.size() && commits.get((int)head + 1).segment() == headSegment &&
                lastSegment() > headSegment;
            final boolean unmappable = cut < 2 && segment <= headSegment;
            return new Expected(lostForced || laterCreatedAfterLost || unmappable, head);
        }

        private static boolean lost(final CommitState commit, final int segment, final int cut)
        {
            return commit.segment() == segment && commit.nextPageIndex() > cut;
        }
    }
}
