package io.pagekv;

import io.pagekv.compact.CommitDiff;
import io.pagekv.compact.LiveSegments;
import io.pagekv.txn.CommitState;
import io.pagekv.txn.Engine;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import io.pagekv.format.SuperblockLayout;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live pages per segment are known at open without a scan: a checkpoint records the counts of
 * the commit it names in the superblock, and an open brings them forward over the commits after
 * it with {@link CommitDiff}. Checked against scans of the live tree ({@link LiveSegments}),
 * which are the truth:
 * <ul>
 *     <li>each commit's diff takes the previous commit's scan to the next one's;</li>
 *     <li>after a clean close, and after a crash that leaves commits past the checkpoint, the
 *     reopened store's counts come from the checkpoint and equal a scan.</li>
 * </ul>
 */
class LiveCountsProperties
{
    /** One operation of a transaction: a key, and a value length (0 deletes). */
    record Op(int key, int valueLength)
    {
    }

    @Provide
    Arbitrary<List<List<Op>>> transactions()
    {
        final Arbitrary<Op> op = Combinators.combine(
            Arbitraries.integers().between(0, 400),
            Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(0)),
                Tuple.of(10, Arbitraries.integers().between(1, 200)),
                Tuple.of(2, Arbitraries.integers().between(1500, 20_000))))
            .as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(120).list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 40)
    void eachCommitsDiffTakesOneScanToTheNext(@ForAll("transactions") final List<List<Op>> transactions) throws Exception
    {
        final Path dir = Files.createTempDirectory("pagekv-diff");
        try (Store store = Store.open(dir, StoreOptions.defaults().withSegmentSize(128 * 1024).withDurability(Durability.ASYNC)
            .withCompaction(CompactionPolicy.off())))
        {
            final Engine engine = store.engine();
            CommitState previous = engine.head();
            for (final List<Op> ops : transactions)
            {
                apply(store, ops);
                final CommitState next = engine.head();
                if (next.txnId() == previous.txnId())
                {
                    continue;
                }
                final TreeMap<Integer, Long> expected = new TreeMap<>(LiveSegments.scan(engine.pages(), previous).livePages());
                CommitDiff.deltas(engine.pages(), previous, next).forEach((segment, delta) -> expected.merge(segment, delta, Long::sum));
                assertEquals(nonZero(LiveSegments.scan(engine.pages(), next).livePages()), nonZero(expected),
                    "txn " + next.txnId() + ": the diff from txn " + previous.txnId());
                previous = next;
            }
        }
        finally
        {
            DirectorySwap.deleteTree(dir);
        }
    }

    @Property(tries = 25)
    void reopenedStoresTakeTheirCountsFromTheCheckpoint(
        @ForAll("transactions") final List<List<Op>> before, @ForAll("transactions") final List<List<Op>> after) throws Exception
    {
        final Path root = Files.createTempDirectory("pagekv-counts");
        final Path dir = root.resolve("store");
        final Path crashed = root.resolve("crashed");
        // Checkpoints only at segment rolls and close: commits after the last checkpoint remain.
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(1 << 20).withDurability(Durability.ASYNC)
            .withCheckpointBytes(1L << 40).withCompaction(CompactionPolicy.of(0.5, 1.2));
        try
        {
            try (Store store = Store.open(dir, options))
            {
                for (final List<Op> ops : before)
                {
                    apply(store, ops);
                }
            }
            try (Store store = Store.open(dir, options))
            {
                assertCountsFromCheckpointMatchAScan(store, "after a clean close");
                for (final List<Op> ops : after)
                {
                    apply(store, ops);
                }
                TestStores.crashImage(dir, crashed);
            }
            try (Store store = Store.open(crashed, options))
            {
                assertCountsFromCheckpointMatchAScan(store, "after a crash");
            }
        }
        finally
        {
            DirectorySwap.deleteTree(root);
        }
    }

    @Example
    void verifyReportsCountsThatLie() throws Exception
    {
        final Path root = Files.createTempDirectory("pagekv-lying-counts");
        final Path dir = root.resolve("store");
        try
        {
            try (Store store = Store.open(dir, StoreOptions.defaults().withCompaction(CompactionPolicy.defaults())))
            {
                apply(store, List.of(new Op(1, 100), new Op(2, 5000), new Op(3, 100)));
            }
            // Both slots say one page more is live in their first counted segment; their CRCs hold.
            try (FileChannel meta = FileChannel.open(dir.resolve("meta"), StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                for (int slot = 0; slot < SuperblockLayout.SLOT_COUNT; slot++)
                {
                    final ByteBuffer bytes = ByteBuffer.allocateDirect(SuperblockLayout.SLOT_LENGTH);
                    meta.read(bytes, (long)slot * SuperblockLayout.SLOT_LENGTH);
                    final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
                    if (SuperblockLayout.liveCount(buffer) > 0)
                    {
                        final long[] pages = new long[(int)SuperblockLayout.liveCount(buffer)];
                        for (int i = 0; i < pages.length; i++)
                        {
                            pages[i] = SuperblockLayout.livePages(buffer, i);
                        }
                        pages[0]++;
                        SuperblockLayout.writeLiveCounts(buffer, SuperblockLayout.liveFirstSegment(buffer), pages);
                        meta.write(bytes.clear(), (long)slot * SuperblockLayout.SLOT_LENGTH);
                    }
                }
            }
            try (Store store = Store.openReadOnly(dir))
            {
                final VerifyReport report = store.verify();
                assertTrue(report.problems().stream().anyMatch(p -> p.what().contains("the checkpoint")), report.problems().toString());
            }
            try (Store store = Store.open(dir, StoreOptions.defaults().withCompaction(CompactionPolicy.defaults())))
            {
                final VerifyReport report = store.verify();
                assertTrue(report.problems().stream().anyMatch(p -> p.what().contains("counted for compaction")), report.problems().toString());
                assertArrayEquals(new byte[5000], store.get(String.format("key-%05d", 2).getBytes()), "the data is untouched");
            }
        }
        finally
        {
            DirectorySwap.deleteTree(root);
        }
    }

    private static void assertCountsFromCheckpointMatchAScan(final Store store, final String when)
    {
        final Engine engine = store.engine();
        assertTrue(engine.accounting().isFromCheckpoint(), when + ": the counts were not taken from the checkpoint");
        assertEquals(nonZero(LiveSegments.scan(engine.pages(), engine.head()).livePages()), nonZero(engine.accounting().snapshot()), when);
        assertTrue(store.verify().isClean(), when + ": verify compares the counts too");
    }

    private static void apply(final Store store, final List<Op> ops)
    {
        try (WriteTxn txn = store.beginWrite())
        {
            for (final Op op : ops)
            {
                final byte[] key = String.format("key-%05d", op.key()).getBytes();
                if (op.valueLength() == 0)
                {
                    txn.delete(key);
                }
                else
                {
                    txn.put(key, new byte[op.valueLength()]);
                }
            }
            txn.commit();
        }
    }

    private static Map<Integer, Long> nonZero(final Map<Integer, Long> counts)
    {
        final TreeMap<Integer, Long> kept = new TreeMap<>();
        counts.forEach((segment, live) ->
        {
            if (live != 0)
            {
                kept.put(segment, live);
            }
        });
        return kept;
    }
}
