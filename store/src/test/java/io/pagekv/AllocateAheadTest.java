package io.pagekv;

import io.pagekv.format.StoreFileNames;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With forced commits the log's commits land on blocks written before, so that a force need not
 * write an allocation: in the first segment the log writes zeros a chunk ahead of its tail, so
 * that only about one commit per chunk writes past what was written before; the segments after it
 * are files whose blocks were all written before the roll, a spare that keeps its written blocks
 * or the next segment made ahead in the background (decision 67), so that the writer writes no
 * zeros at all. Unforced stores stay sparse and make nothing ahead.
 */
class AllocateAheadTest
{
    private static final String FILLER_THREAD = "pagekv-segment-filler";
    private static final long SMALL_SEGMENT = 64 << 10;

    @TempDir
    Path dir;

    @Test
    void forcedCommitsLandOnBlocksWrittenAhead() throws IOException
    {
        final ExtentCounter sync = run(dir.resolve("sync"), Durability.SYNC);
        assertTrue(sync.commitWritesIntoHoles.get() <= 10, "SYNC commits written past the allocated extent: " + sync.commitWritesIntoHoles);
        assertTrue(sync.writerZeroWrites.get() >= 1, "SYNC wrote no zeros ahead");
        final ExtentCounter async = run(dir.resolve("async"), Durability.ASYNC);
        assertEquals(0, async.writerZeroWrites.get(), "ASYNC stores stay sparse");
        assertEquals(300, async.commitWritesIntoHoles.get(), "every ASYNC commit appends into the hole");
    }

    @Test
    void aGrowingForcedLogRollsIntoSegmentsMadeAheadAndWritesNoZerosInThem() throws IOException
    {
        final ExtentCounter counter = new ExtentCounter(FileIO.jdk());
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(SMALL_SEGMENT).withDurability(Durability.SYNC)
            .withCompaction(CompactionPolicy.off());
        final NavigableMap<byte[], byte[]> model = TestStores.model();
        try (Store store = Store.open(dir, FileSeam.with(options, counter)))
        {
            counter.counting = true;
            for (int i = 0; store.engine().segments().preparedCount() < 6; i++)
            {
                assertTrue(i < 3000, "6 segments made ahead did not come in 3000 commits");
                final byte[] key = ByteBuffer.allocate(4).putInt(i * 7919).array();
                final byte[] value = new byte[200 + i % 300];
                store.put(key, value);
                model.put(key, value);
                // The roll must find the file made ahead ready, whatever this machine's speed.
                counter.awaitFills();
            }
            assertFalse(counter.madeAhead.isEmpty(), "no segment file came from " + StoreFileNames.NEXT_SEGMENT);
            assertEquals(0, counter.writerZerosIntoAdopted.get(), "the writer wrote zeros into a segment made ahead");
            assertEquals(0, counter.commitWritesIntoAdoptedHoles.get(), "a commit wrote past the written blocks of a segment made ahead");
            TestStores.assertClean(store);
        }
        assertFalse(Files.exists(dir.resolve(StoreFileNames.NEXT_SEGMENT)), "the close left the next segment's file");
        try (Store store = Store.open(dir, options); Snapshot snapshot = store.snapshot())
        {
            TestStores.assertSameContents(snapshot, model);
        }
    }

    @Test
    void aLogReusesSparesWithTheirWrittenBlocksHoweverSmallTheStore() throws IOException
    {
        final ExtentCounter sync = churn(dir.resolve("sync"), Durability.SYNC, 200);
        assertTrue(sync.recycled >= 3, "a small SYNC store reused " + sync.recycled + " spare files in 200 commits");
        assertFalse(sync.reused.isEmpty(), "no rename of a spare to a new segment seen");
        assertEquals(0, sync.writerZerosIntoAdopted.get(), "the writer wrote zeros into a reused spare");
        assertEquals(0, sync.commitWritesIntoAdoptedHoles.get(), "a commit wrote past the written blocks of a reused spare");
        // An unforced log reuses spares too (its writes then land on allocated, cached pages),
        // and makes nothing ahead.
        final ExtentCounter async = churn(dir.resolve("async"), Durability.ASYNC, 200);
        assertTrue(async.recycled >= 3, "a small ASYNC store reused " + async.recycled + " spare files in 200 commits");
        assertEquals(0, async.fills.get(), "an ASYNC store made a segment ahead");
    }

    @Test
    void aNextSegmentFileACrashLeftIsDeletedByTheNextWritableOpenOnly() throws IOException
    {
        final Path live = dir.resolve("live");
        final ExtentCounter counter = new ExtentCounter(FileIO.jdk());
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(SMALL_SEGMENT).withDurability(Durability.SYNC)
            .withCompaction(CompactionPolicy.off());
        final NavigableMap<byte[], byte[]> model = TestStores.model();
        final Path copy = dir.resolve("crashed");
        try (Store store = Store.open(live, FileSeam.with(options, counter)))
        {
            for (int i = 0; !Files.exists(live.resolve(StoreFileNames.NEXT_SEGMENT)); i++)
            {
                assertTrue(i < 1000, "no next segment file in 1000 commits");
                final byte[] key = ByteBuffer.allocate(4).putInt(i).array();
                store.put(key, new byte[300]);
                model.put(key, new byte[300]);
            }
            counter.awaitFills();
            TestStores.crashImage(live, copy);
        }
        assertTrue(Files.exists(copy.resolve(StoreFileNames.NEXT_SEGMENT)), "the crash image has no next segment file");
        try (Store reader = Store.openReadOnly(copy); Snapshot snapshot = reader.snapshot())
        {
            TestStores.assertSameContents(snapshot, model);
        }
        assertTrue(Files.exists(copy.resolve(StoreFileNames.NEXT_SEGMENT)), "a read-only open deleted a file");
        try (Store store = Store.open(copy, options))
        {
            assertFalse(Files.exists(copy.resolve(StoreFileNames.NEXT_SEGMENT)), "the writable open kept the leftover");
            try (Snapshot snapshot = store.snapshot())
            {
                TestStores.assertSameContents(snapshot, model);
            }
            TestStores.assertClean(store);
        }
    }

    private static ExtentCounter run(final Path store, final Durability durability) throws IOException
    {
        final ExtentCounter counter = new ExtentCounter(FileIO.jdk());
        try (Store s = Store.open(store, FileSeam.with(StoreOptions.defaults().withDurability(durability), counter)))
        {
            counter.counting = true;
            for (int i = 0; i < 300; i++)
            {
                s.put(ByteBuffer.allocate(4).putInt(i * 7919).array(), new byte[200]);
            }
            counter.counting = false;
            TestStores.assertClean(s);
        }
        return counter;
    }

    /** Overwrites 10 keys with 100 B values, one commit each: a store of a few live pages. */
    private static ExtentCounter churn(final Path store, final Durability durability, final int commits) throws IOException
    {
        final ExtentCounter counter = new ExtentCounter(FileIO.jdk());
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(SMALL_SEGMENT).withDurability(durability);
        try (Store s = Store.open(store, FileSeam.with(options, counter)))
        {
            counter.counting = true;
            for (int i = 0; i < commits; i++)
            {
                s.put(ByteBuffer.allocate(4).putInt(i % 10).array(), new byte[100]);
                counter.awaitFills();
            }
            counter.recycled = s.engine().segments().recycledCount();
            TestStores.assertClean(s);
        }
        return counter;
    }

    /**
     * Counts writes to segment files that reach past the furthest byte written before, and the
     * zeros the writer (not the background filler) writes; follows files across renames.
     */
    private static final class ExtentCounter extends InterceptingFileIO
    {
        private final Map<String, Long> written = new ConcurrentHashMap<>();
        /** Segment files made from the next segment's file. */
        private final Set<String> madeAhead = ConcurrentHashMap.newKeySet();
        /** Segment files made from a spare. */
        private final Set<String> reused = ConcurrentHashMap.newKeySet();
        private final AtomicInteger commitWritesIntoHoles = new AtomicInteger();
        private final AtomicInteger writerZeroWrites = new AtomicInteger();
        private final AtomicInteger writerZerosIntoAdopted = new AtomicInteger();
        private final AtomicInteger commitWritesIntoAdoptedHoles = new AtomicInteger();
        private final AtomicInteger fills = new AtomicInteger();
        private final AtomicInteger fillsEnded = new AtomicInteger();
        private volatile boolean counting;
        private long recycled;

        ExtentCounter(final FileIO delegate)
        {
            super(delegate);
        }

        @Override
        protected boolean intercepts(final Path path)
        {
            return path.getFileName().toString().startsWith(StoreFileNames.SEGMENT_PREFIX);
        }

        @Override
        public StoreFile open(final Path path, final boolean create) throws IOException
        {
            final boolean next = path.getFileName().toString().equals(StoreFileNames.NEXT_SEGMENT);
            if (next && create)
            {
                fills.incrementAndGet();
            }
            final StoreFile file = super.open(path, create);
            if (!next || !create)
            {
                return file;
            }
            return new ForwardingStoreFile(file)
            {
                @Override
                public void close() throws IOException
                {
                    super.close();
                    fillsEnded.incrementAndGet();
                }
            };
        }

        @Override
        public void moveAtomically(final Path from, final Path to) throws IOException
        {
            super.moveAtomically(from, to);
            final String name = to.getFileName().toString();
            final Long extent = written.remove(from.getFileName().toString());
            if (extent != null)
            {
                written.put(name, extent);
            }
            if (from.getFileName().toString().equals(StoreFileNames.NEXT_SEGMENT))
            {
                madeAhead.add(name);
            }
            else if (name.startsWith(StoreFileNames.SEGMENT_PREFIX))
            {
                reused.add(name);
            }
        }

        @Override
        protected void write(final StoreFile file, final Path path, final long position, final ByteBuffer src) throws IOException
        {
            final String name = path.getFileName().toString();
            final long end = position + src.remaining();
            final long before = written.getOrDefault(name, 0L);
            final boolean adopted = madeAhead.contains(name) || reused.contains(name);
            if (counting && isZero(src) && !Thread.currentThread().getName().startsWith(FILLER_THREAD))
            {
                writerZeroWrites.incrementAndGet();
                if (adopted)
                {
                    writerZerosIntoAdopted.incrementAndGet();
                }
            }
            else if (counting && end > before && !name.equals(StoreFileNames.NEXT_SEGMENT))
            {
                commitWritesIntoHoles.incrementAndGet();
                if (adopted)
                {
                    commitWritesIntoAdoptedHoles.incrementAndGet();
                }
            }
            written.merge(name, end, Math::max);
            file.write(position, src);
        }

        /** Waits until every file the store began to make ahead is made (or given up). */
        void awaitFills()
        {
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (fillsEnded.get() < fills.get())
            {
                assertTrue(System.nanoTime() < deadline, "a next segment file was not made in 10 s");
                Thread.onSpinWait();
            }
        }

        private static boolean isZero(final ByteBuffer src)
        {
            for (int i = src.position(); i < src.limit(); i++)
            {
                if (src.get(i) != 0)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
