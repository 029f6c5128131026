package io.pagekv;

import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Store#spaceUsage()} against an independent count: after random puts, overwrites,
 * deletes, compactions (manual and automatic), snapshots held across them and reopens, its live
 * pages per segment equal what {@code verify}'s walk finds reachable, its segments are the
 * segment files on disk, and the amplification is their bytes over the live page bytes. A
 * read-only store of the same directory, which walks the tree, agrees with the writer's counts.
 */
class SpaceUsageProperties
{
    sealed interface Op permits Write, Compact, Hold, Release, Reopen
    {
    }

    /** One transaction: {@code count} puts of {@code valueSize} bytes from key {@code first} on, then deletes of every {@code deleteEvery}th key. */
    record Write(int first, int count, int valueSize, int deleteEvery) implements Op
    {
    }

    record Compact() implements Op
    {
    }

    record Hold() implements Op
    {
    }

    record Release() implements Op
    {
    }

    record Reopen() implements Op
    {
    }

    private final PropertyDirectories dirs = new PropertyDirectories();

    @Provide
    Arbitrary<List<Op>> operations()
    {
        final Arbitrary<Op> write = Combinators.combine(Arbitraries.integers().between(0, 400), Arbitraries.integers().between(1, 120),
            Arbitraries.of(0, 20, 100, 700, 1500, 9000), Arbitraries.of(0, 0, 2, 3, 7)).as(Write::new);
        return Arbitraries.frequencyOf(
            Tuple.of(12, write),
            Tuple.of(2, Arbitraries.just(new Compact())),
            Tuple.of(1, Arbitraries.just(new Hold())),
            Tuple.of(1, Arbitraries.just(new Release())),
            Tuple.of(1, Arbitraries.just(new Reopen()))).list().ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<CompactionPolicy> policies()
    {
        return Arbitraries.of(CompactionPolicy.defaults(), CompactionPolicy.off(), CompactionPolicy.of(1.0, 1.05));
    }

    @Property(tries = 60, afterFailure = AfterFailureMode.SAMPLE_FIRST)
    void spaceUsageMatchesAFreshCount(@ForAll("operations") final List<Op> ops, @ForAll("policies") final CompactionPolicy policy)
        throws IOException
    {
        final Path dir = dirs.create("pagekv-space");
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(StoreOptions.MIN_SEGMENT_SIZE).withDurability(Durability.ASYNC)
            .withCompaction(policy);
        final NavigableMap<byte[], byte[]> model = TestStores.model();
        final ArrayDeque<Snapshot> held = new ArrayDeque<>();
        Store store = Store.open(dir, options);
        boolean committedSinceOpen = false;
        // Counts a writer kept are recorded by the checkpoint at close and taken up by the next open.
        boolean countedAtOpen = false;
        try
        {
            assertMatchesFreshCount(store, dir);
            for (final Op op : ops)
            {
                if (op instanceof Write write)
                {
                    write(store, write, model);
                    committedSinceOpen = true;
                }
                else if (op instanceof Compact)
                {
                    store.compact();
                }
                else if (op instanceof Hold)
                {
                    held.push(store.snapshot());
                }
                else if (op instanceof Release && !held.isEmpty())
                {
                    held.pop().close();
                }
                else if (op instanceof Reopen)
                {
                    held.forEach(Snapshot::close);
                    held.clear();
                    store.close();
                    countedAtOpen = policy.enabled() && (committedSinceOpen || countedAtOpen);
                    store = Store.open(dir, options);
                    committedSinceOpen = false;
                }
                final SpaceUsage usage = assertMatchesFreshCount(store, dir);
                // The writer counts from the first compaction check on, which follows a commit, or
                // from the open that took the counts of the last checkpoint.
                assertEquals(policy.enabled() && (committedSinceOpen || countedAtOpen) ? SpaceUsage.Source.ACCOUNTING : SpaceUsage.Source.SCAN,
                    usage.source(), "source after " + op);
                assertEquals(model.size(), store.info().entryCount());
            }
            try (Store reader = Store.openReadOnly(dir))
            {
                final SpaceUsage written = store.spaceUsage();
                final SpaceUsage read = reader.spaceUsage();
                assertEquals(SpaceUsage.Source.SCAN, read.source());
                assertEquals(written.txnId(), read.txnId());
                assertEquals(liveBySegmentOfTheLog(written), liveBySegmentOfTheLog(read), "the reader's walk and the writer's counts");
            }
        }
        finally
        {
            held.forEach(Snapshot::close);
            store.close();
        }
    }

    private static void write(final Store store, final Write write, final NavigableMap<byte[], byte[]> model)
    {
        try (WriteTxn txn = store.beginWrite())
        {
            for (int i = 0; i < write.count(); i++)
            {
                final byte[] key = key(write.first() + i);
                final byte[] value = new byte[write.valueSize()];
                java.util.Arrays.fill(value, (byte)(write.first() ^ i));
                txn.put(key, value);
                model.put(key, value);
                if (write.deleteEvery() > 0 && i % write.deleteEvery() == 0)
                {
                    final byte[] victim = key(write.first() + write.count() - i);
                    assertEquals(model.remove(victim) != null, txn.delete(victim));
                }
            }
            txn.commit();
        }
    }

    /**
     * @return the usage, after checking it against {@code verify}'s reachable pages and the files on disk.
     */
    private static SpaceUsage assertMatchesFreshCount(final Store store, final Path dir) throws IOException
    {
        final SpaceUsage usage = store.spaceUsage();
        final VerifyReport report = TestStores.assertClean(store);
        assertEquals(report.txnId(), usage.txnId(), "the same commit");
        final Map<Integer, Long> reachable = report.segments().stream()
            .collect(Collectors.toMap(VerifyReport.SegmentUsage::number, VerifyReport.SegmentUsage::livePages, (a, b) -> a, TreeMap::new));
        assertEquals(reachable, liveBySegment(usage), "live pages per segment: verify's walk, then spaceUsage (" + usage.source() + ")");
        assertEquals(segmentFiles(dir), usage.segments().stream()
            .collect(Collectors.toMap(SpaceUsage.SegmentSpace::number, SpaceUsage.SegmentSpace::fileBytes, (a, b) -> a, TreeMap::new)),
            "the segment files on disk and their lengths");
        long live = 0;
        for (final SpaceUsage.SegmentSpace segment : usage.segments())
        {
            assertTrue(segment.livePages() <= segment.writtenPages() && segment.writtenPages() <= segment.capacityPages(), segment::toString);
            assertEquals(segment.capacityPages() * store.pageSize(), segment.fileBytes());
            assertTrue(segment.liveRatio() >= 0 && segment.liveRatio() <= 1, segment::toString);
            live += segment.livePages();
        }
        assertEquals(live * store.pageSize(), usage.liveBytes());
        final long disk = segmentFiles(dir).values().stream().mapToLong(Long::longValue).sum();
        assertEquals(disk, usage.diskBytes());
        assertEquals((double)disk / (live * store.pageSize()), usage.spaceAmplification(), 1e-12);
        return usage;
    }

    /**
     * @return live pages per segment the store still maps, as {@code verify} reports them: a
     * spare file, kept for reuse, is no longer one of them.
     */
    private static TreeMap<Integer, Long> liveBySegment(final SpaceUsage usage)
    {
        return usage.segments().stream().filter(segment -> !segment.spare())
            .collect(Collectors.toMap(SpaceUsage.SegmentSpace::number, SpaceUsage.SegmentSpace::livePages, (a, b) -> a, TreeMap::new));
    }

    /**
     * @return live pages per segment of the log: files below its first segment (retired, or kept
     * as spares, which a reader process cannot tell apart) hold none.
     */
    private static TreeMap<Integer, Long> liveBySegmentOfTheLog(final SpaceUsage usage)
    {
        return usage.segments().stream().filter(segment -> !segment.retired() && !segment.spare())
            .collect(Collectors.toMap(SpaceUsage.SegmentSpace::number, SpaceUsage.SegmentSpace::livePages, (a, b) -> a, TreeMap::new));
    }

    private static TreeMap<Integer, Long> segmentFiles(final Path dir) throws IOException
    {
        final TreeMap<Integer, Long> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir))
        {
            for (final Path file : (Iterable<Path>)list::iterator)
            {
                final String name = file.getFileName().toString();
                if (name.startsWith("seg-"))
                {
                    files.put(Integer.parseInt(name.substring(4)), Files.size(file));
                }
            }
        }
        return files;
    }

    private static byte[] key(final int n)
    {
        return String.format("key-%05d", n).getBytes(StandardCharsets.US_ASCII);
    }

    @AfterProperty
    void deleteDirectories()
    {
        dirs.deleteAll();
    }

    @TempDir
    Path tmp;

    @Test
    void retiredSegmentsWaitForAHeldSnapshotThenGo()
    {
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(StoreOptions.MIN_SEGMENT_SIZE).withDurability(Durability.ASYNC)
            .withCompaction(CompactionPolicy.off());
        try (Store store = Store.open(tmp, options))
        {
            for (int round = 0; round < 6; round++)
            {
                write(store, new Write(0, 200, 300, 0), TestStores.model());
            }
            final SpaceUsage before = store.spaceUsage();
            assertEquals(SpaceUsage.Source.SCAN, before.source(), "with compaction off a writer keeps no counts");
            assertEquals(0, before.segmentsWaitingForReaders());
            assertTrue(before.spaceAmplification() > 3, "six overwrites of everything: " + before);
            try (Snapshot old = store.snapshot())
            {
                store.compact();
                final SpaceUsage held = store.spaceUsage();
                assertTrue(held.segmentsWaitingForReaders() > 0, held::toString);
                assertTrue(held.diskBytes() > before.diskBytes(), "the retired files stay while the snapshot can reach them");
            }
            write(store, new Write(0, 1, 300, 0), TestStores.model());
            final SpaceUsage after = store.spaceUsage();
            assertEquals(0, after.segmentsWaitingForReaders());
            assertTrue(after.spaceAmplification() < 2, after::toString);
        }
    }
}
