package io.pagekv;

import io.pagekv.export.ExportDescriptor;
import io.pagekv.page.SegmentFiles;
import io.pagekv.page.SegmentTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a retired segment file is reused as a new segment and when it is not (decision 59): never
 * while another process reads the store, never once an export handed it out or a counter mapped
 * a run of it, and a point read
 * that holds no snapshot reads again when a file was reused under it; spares go at a whole
 * compaction and at close.
 */
class SegmentReuseTest
{
    private static final StoreOptions OPTIONS = StoreOptions.defaults().withSegmentSize(64 << 10).withDurability(Durability.ASYNC);
    private static final int KEYS = 300;

    @TempDir
    Path dir;

    private int round;

    @Test
    void noFileIsReusedWhileAnotherProcessIsRegisteredAsAReader() throws IOException
    {
        try (Store store = Store.open(dir, OPTIONS))
        {
            final SegmentTable segments = store.engine().segments();
            try (Store reader = Store.openReadOnly(dir))
            {
                // The read-only store holds a slot in the reader table, as another process would.
                final int first = store.engine().firstSegment();
                churnUntil(store, () -> store.engine().firstSegment() > first + 4, () -> assertEquals(0, segments.spareFiles().length));
                assertEquals(0, segments.recycledCount(), "reused while a reader was registered");
                assertEquals(0, store.spaceUsage().spareSegments(), "kept spares while a reader was registered");
            }
            churnUntil(store, () -> segments.recycledCount() > 0, () -> { });
        }
    }

    @Test
    void aSegmentAValueWasExportedFromIsNeverReused() throws IOException
    {
        try (Store store = Store.open(dir, OPTIONS))
        {
            final byte[] key = "exported".getBytes();
            final byte[] value = new byte[20_000];
            new Random(1).nextBytes(value);
            store.put(key, value);
            final Path file;
            try (SharedExport export = store.export(key, ExportRoute.MAPPED))
            {
                file = Path.of(ExportDescriptor.parse(export.descriptor()).file());
            }
            final int exported = Integer.parseInt(file.getFileName().toString().substring("seg-".length()));
            store.delete(key);
            final SegmentTable segments = store.engine().segments();
            churnUntil(store, () -> !Files.exists(file) && segments.recycledCount() > 3,
                () -> assertTrue(Arrays.stream(segments.spareFiles()).noneMatch(n -> n == exported), "segment " + exported + " kept as a spare"));
        }
    }

    @Test
    void aSegmentWhoseCounterRunThisProcessMappedIsNeverReused() throws IOException
    {
        try (Store store = Store.open(dir, OPTIONS))
        {
            final byte[] key = "counter".getBytes();
            store.putPatchable(key, new byte[20_000]);
            assertEquals(5, store.addAndGet(key, 0, 5));
            // The run's segment: the one the head's commit was written to.
            final int counted = store.engine().head().segment();
            final SegmentTable segments = store.engine().segments();
            assertTrue(store.engine().runs().hasMapped(counted), "the counter mapped its run's segment");
            store.delete(key);
            churnUntil(store, () -> store.engine().firstSegment() > counted && segments.recycledCount() > 3,
                () -> assertTrue(Arrays.stream(segments.spareFiles()).noneMatch(n -> n == counted), "segment " + counted + " kept as a spare"));
        }
    }

    @Test
    void aPointReadDuringWhichAFileIsReusedIsDoneAgain() throws IOException
    {
        try (Store store = Store.open(dir, OPTIONS))
        {
            final SegmentTable segments = store.engine().segments();
            churnUntil(store, () -> store.spaceUsage().spareSegments() > 0, () -> { });
            final PublishedHead head = new PublishedHead(store.engine());
            final AtomicInteger reads = new AtomicInteger();
            final String answer = Snapshot.ofHead(store, head, state ->
            {
                if (reads.getAndIncrement() == 0)
                {
                    final long before = segments.recycledCount();
                    churnUntil(store, () -> segments.recycledCount() > before, () -> { });
                    throw new IllegalStateException("bytes that changed under the read");
                }
                return "read again";
            });
            assertEquals("read again", answer);
            assertEquals(2, reads.get());
            // Without a reuse meanwhile, what the read throws is the caller's.
            assertThrows(IllegalStateException.class, () -> Snapshot.ofHead(store, head, state ->
            {
                throw new IllegalStateException("a real failure");
            }));
        }
    }

    @Test
    void aWholeCompactionAndACloseDeleteTheSpares() throws IOException
    {
        try (Store store = Store.open(dir, OPTIONS))
        {
            churnUntil(store, () -> store.spaceUsage().spareSegments() > 0, () -> { });
            store.compact();
            assertEquals(0, store.spaceUsage().spareSegments());
            assertEquals(0, filesBelowFirstSegment(store), store.spaceUsage()::toString);
            churnUntil(store, () -> store.spaceUsage().spareSegments() > 0, () -> { });
        }
        try (Store store = Store.open(dir, OPTIONS))
        {
            assertEquals(0, filesBelowFirstSegment(store), store.spaceUsage()::toString);
        }
    }

    private static long filesBelowFirstSegment(final Store store) throws IOException
    {
        final int first = store.engine().firstSegment();
        return Arrays.stream(SegmentFiles.list(store.dir())).filter(n -> n < first).count();
    }

    /** Commits overwrites until {@code done}, running {@code check} after each commit. */
    private void churnUntil(final Store store, final BooleanSupplier done, final Runnable check)
    {
        for (int commit = 0; !done.getAsBoolean(); commit++)
        {
            assertTrue(commit < 2000, "the condition did not come true in 2000 commits");
            try (WriteTxn txn = store.beginWrite())
            {
                for (int i = 0; i < 40; i++)
                {
                    txn.put(("key-" + (round * 7919 + i * 31) % KEYS).getBytes(), new byte[300 + round % 200]);
                }
                txn.commit();
            }
            round++;
            check.run();
        }
    }
}
