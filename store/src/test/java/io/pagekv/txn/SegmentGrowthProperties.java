package io.pagekv.txn;

import io.pagekv.PropertyDirectories;
import io.pagekv.Store;
import io.pagekv.io.FileIO;
import io.pagekv.ipc.StoreCounters;
import io.pagekv.page.Segment;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Large transactions grow the segments the log rolls to (decision 71), against a model of the
 * rule: a transaction of at least 4 MiB that takes more than a quarter of the current segment
 * size makes it room for four of its size, in whole default segments, at most eight of them;
 * every later roll keeps that size; a transaction that does not fit still gets a segment of its
 * own size; smaller ones never change it. Transactions of 64 KiB to 10 MiB (one value each, an
 * overflow run) go into a log of 4 MiB segments. Each roll's new segment must have the model's
 * capacity, and the store, reopened, must hold every value and verify clean.
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
        @ForAll @Size(min = 3, max = 7) final List<@IntRange(min = 16, max = 2600) Integer> txnPages) throws Exception
    {
        final Path dir = dirs.create("pagekv-segment-growth");
        final byte[][] values = new byte[txnPages.size()][];
        int modelRollPages = DEFAULT_PAGES;
        int rolls = 0;
        try (Engine engine = Engine.openWritable(dir, FileIO.jdk(), PAGE, (long)DEFAULT_PAGES * PAGE, 0, OnDamage.REFUSE))
        {
            final Committer committer = new Committer(engine, false, 1L << 30, StoreCounters.inProcess());
            for (int i = 0; i < values.length; i++)
            {
                values[i] = new byte[txnPages.get(i) * PAGE - 64];
                Arrays.fill(values[i], (byte)i);
                final CommitState before = engine.head();
                final CommitState after = EngineCommits.put(engine, committer, key(i), values[i]);
                final long fits = after.bodyPages() + 2L;
                if (fits * 4 > modelRollPages && fits * PAGE >= LARGE_BYTES)
                {
                    final long wanted = (fits * 4 + DEFAULT_PAGES - 1) / DEFAULT_PAGES * DEFAULT_PAGES;
                    modelRollPages = (int)Math.max(modelRollPages, Math.min(wanted, 8L * DEFAULT_PAGES));
                }
                if (after.segment() != before.segment())
                {
                    rolls++;
                    final Segment rolledTo = engine.pages().find(after.segment());
                    assertEquals(Math.max(fits, modelRollPages), rolledTo.capacityPages(),
                        "capacity of segment " + after.segment() + " after transactions of " + txnPages.subList(0, i + 1) + " pages");
                }
            }
            assertTrue(rolls > 0 || txnPages.stream().mapToInt(Integer::intValue).sum() < DEFAULT_PAGES, "no roll in " + txnPages);
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
    }

    private static byte[] key(final int i)
    {
        return new byte[] {'k', (byte)i};
    }
}
