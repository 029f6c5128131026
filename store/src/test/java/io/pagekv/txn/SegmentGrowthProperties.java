package io.pagekv.txn;

import io.pagekv.PropertyDirectories;
import io.pagekv.Store;
import io.pagekv.io.FileIO;
import io.pagekv.ipc.StoreCounters;
import io.pagekv.page.Segment;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Large transactions grow the segments the log rolls to (decision 71), against a model of the
 * rule: a roll makes room for four transactions the size of the largest among the rolling one and
 * those of the segment it leaves, if that one has at least 4 MiB, in whole default segments, at
 * most eight of them; otherwise the default size; a transaction that does not fit still gets a
 * segment of its own size. Transactions of 64 KiB to 10 MiB (one value each, an overflow run) go
 * into a log of 4 MiB segments. Each roll's new segment must have the model's capacity, and the
 * store, reopened, must hold every value and verify clean.
 */
class SegmentGrowthProperties
{
    private static final int PAGE = 4096;
    private static final int DEFAULT_PAGES = 1024;
    private static final long LARGE_BYTES = 4L << 20;

    private final PropertyDirectories dirs = new PropertyDirectories();

    @AfterProperty
    void deleteDirectories()
    {
        dirs.deleteAll();
    }

    @Property(tries = 8)
    void eachRollGetsTheModelsCapacityAndTheStoreHoldsEveryValue(
        @ForAll @Size(min = 3, max = 12) final List<@IntRange(min = 16, max = 2600) Integer> txnPages) throws Exception
    {
        final List<Integer> capacities = commitAndCheck(txnPages);
        assertTrue(!capacities.isEmpty() || txnPages.stream().mapToInt(Integer::intValue).sum() < DEFAULT_PAGES, "no roll in " + txnPages);
    }

    /**
     * A 10 MiB transaction grows the segments to eight default ones; the roll out of the segment
     * that holds it keeps that size; the roll out of a segment of transactions under 4 MiB goes
     * back to the default.
     */
    @Example
    void aSegmentWithoutALargeTransactionTakesTheNextRollBackToTheDefaultSize() throws Exception
    {
        final List<Integer> txnPages = new ArrayList<>(List.of(2600));
        txnPages.addAll(Collections.nCopies(14, 1000));
        assertEquals(List.of(8 * DEFAULT_PAGES, 8 * DEFAULT_PAGES, DEFAULT_PAGES), commitAndCheck(txnPages));
    }

    /**
     * Commits one transaction for each element of {@code txnPages}, of about that many pages,
     * checks every roll against the model, then reopens the store and reads every value.
     *
     * @return the capacities of the segments the log rolled to, in order.
     */
    private List<Integer> commitAndCheck(final List<Integer> txnPages) throws Exception
    {
        final Path dir = dirs.create("pagekv-segment-growth");
        final byte[][] values = new byte[txnPages.size()][];
        final List<Integer> capacities = new ArrayList<>();
        long largestInSegment = 0;
        try (Engine engine = Engine.openWritable(dir, FileIO.jdk(), PAGE, (long)DEFAULT_PAGES * PAGE, 0, OnDamage.REFUSE))
        {
            final Committer committer = new Committer(engine, false, 1L << 30, StoreCounters.inProcess());
            for (int i = 0; i < values.length; i++)
            {
                values[i] = new byte[txnPages.get(i) * PAGE - 64];
                Arrays.fill(values[i], (byte)i);
                final CommitState before = engine.head();
                final CommitState after = EngineCommits.put(engine, committer, key(i), values[i]);
                final long needed = after.bodyPages() + 1L;
                if (after.segment() != before.segment())
                {
                    final long expected = Math.max(needed + 1, grownPages(Math.max(needed, largestInSegment)));
                    final Segment rolledTo = engine.pages().find(after.segment());
                    assertEquals(expected, rolledTo.capacityPages(),
                        "capacity of segment " + after.segment() + " after transactions of " + txnPages.subList(0, i + 1) + " pages");
                    capacities.add(rolledTo.capacityPages());
                    largestInSegment = needed;
                }
                else
                {
                    largestInSegment = Math.max(largestInSegment, needed);
                }
            }
            engine.checkpoint();
        }
        try (Store store = Store.open(dir))
        {
            for (int i = 0; i < values.length; i++)
            {
                assertArrayEquals(values[i], store.get(key(i)), "value " + i);
            }
            assertTrue(store.verify().isClean());
        }
        return capacities;
    }

    /** The model: a segment for four transactions of {@code txnPages}, or the default below 4 MiB. */
    private static long grownPages(final long txnPages)
    {
        final long fits = txnPages + 1;
        if (fits * PAGE < LARGE_BYTES)
        {
            return DEFAULT_PAGES;
        }
        final long wanted = (fits * 4 + DEFAULT_PAGES - 1) / DEFAULT_PAGES * DEFAULT_PAGES;
        return Math.max(DEFAULT_PAGES, Math.min(wanted, 8L * DEFAULT_PAGES));
    }

    private static byte[] key(final int i)
    {
        return new byte[] {'k', (byte)i};
    }
}
