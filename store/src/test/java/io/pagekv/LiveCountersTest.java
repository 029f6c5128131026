package io.pagekv;

import io.pagekv.format.LockFileLayout;
import io.pagekv.ipc.StoreCounter;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveCountersTest
{
    @TempDir
    Path dir;

    private static Map<String, Long> byLabel(final LiveCounters counters)
    {
        return counters.read().stream().collect(Collectors.toMap(LiveCounters.Counter::label, LiveCounters.Counter::value));
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void countersFollowCommitsSnapshotsAndExportsFromOutsideTheStore()
    {
        try (Store store = Store.open(dir); LiveCounters counters = LiveCounters.open(dir))
        {
            assertTrue(counters.isWriterOpen());
            assertEquals(ProcessHandle.current().pid(), counters.writerPid());
            for (int i = 0; i < 25; i++)
            {
                store.put(bytes("k" + i), bytes("v" + i));
            }
            store.delete(bytes("absent"));
            Map<String, Long> now = byLabel(counters);
            assertEquals(25, now.get(StoreCounter.COMMITS.label()), "a commit that changed nothing is not counted");
            assertEquals(store.info().lastTxnId(), now.get(StoreCounter.HEAD_TXN.label()));
            assertEquals(store.info().lastCommitTime(), now.get(StoreCounter.LAST_COMMIT_TIME.label()));
            assertTrue(now.get(StoreCounter.PAGES_WRITTEN.label()) >= 50, "each commit writes a leaf and a record");
            assertEquals(now.get(StoreCounter.PAGES_WRITTEN.label()) * store.pageSize(), now.get(StoreCounter.BYTES_WRITTEN.label()));
            assertTrue(now.get(StoreCounter.FORCES.label()) >= 25, "SYNC forces every commit");
            assertTrue(now.get(StoreCounter.TOTAL_PAGES.label()) > 0);

            try (Snapshot a = store.snapshot(); Snapshot b = store.snapshot(); SharedExport export = store.export(bytes("k1")))
            {
                now = byLabel(counters);
                assertEquals(2, now.get(StoreCounter.OPEN_SNAPSHOTS.label()));
                assertEquals(1, now.get(StoreCounter.EXPORTS.label()));
                assertEquals(export.length(), now.get(StoreCounter.EXPORT_BYTES.label()));
            }
            now = byLabel(counters);
            assertEquals(0, now.get(StoreCounter.OPEN_SNAPSHOTS.label()));
            assertEquals(0, now.get(StoreCounter.EXPORTS.label()));
            assertEquals(0, now.get(StoreCounter.EXPORT_BYTES.label()));
        }
    }

    @Test
    void everyCounterIsAllocatedWithItsTypeIdAndLabel()
    {
        try (Store store = Store.open(dir); LiveCounters counters = LiveCounters.open(dir))
        {
            final var read = counters.read();
            assertEquals(StoreCounter.values().length, read.size());
            for (final StoreCounter counter : StoreCounter.values())
            {
                final LiveCounters.Counter found = read.get(counter.ordinal());
                assertEquals(counter.typeId(), found.typeId());
                assertEquals(counter.label(), found.label());
            }
        }
    }

    @Test
    void aClosedStoreShowsItsLastValuesAndTheNextWriterStartsAgain()
    {
        try (Store store = Store.open(dir))
        {
            for (int i = 0; i < 7; i++)
            {
                store.put(bytes("k" + i), bytes("v"));
            }
        }
        try (LiveCounters counters = LiveCounters.open(dir))
        {
            assertFalse(counters.isWriterOpen());
            assertEquals(7, byLabel(counters).get(StoreCounter.COMMITS.label()));
        }
        try (Store store = Store.open(dir); LiveCounters counters = LiveCounters.open(dir))
        {
            store.put(bytes("x"), bytes("y"));
            assertEquals(1, byLabel(counters).get(StoreCounter.COMMITS.label()));
        }
    }

    /**
     * A writer writes its whole counter area at open: records an earlier writer allocated beyond
     * this build's (a newer build's, say) must go, or a watcher would list them.
     */
    @Test
    void theNextWriterClearsEveryRecordAnEarlierWriterAllocated() throws IOException
    {
        Store.open(dir).close();
        final int ours = StoreCounter.values().length;
        try (FileChannel channel = FileChannel.open(dir.resolve("lock"),
            StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
            final UnsafeBuffer metadata = new UnsafeBuffer(map,
                LockFileLayout.COUNTERS_METADATA_START, LockFileLayout.COUNTERS_METADATA_LENGTH);
            final UnsafeBuffer values = new UnsafeBuffer(map,
                LockFileLayout.COUNTER_VALUES_START, LockFileLayout.COUNTER_VALUES_LENGTH);
            metadata.setMemory(0, metadata.capacity(), (byte)0);
            values.setMemory(0, values.capacity(), (byte)0);
            final CountersManager earlier = new CountersManager(metadata, values);
            for (int i = 0; i < ours + 5; i++)
            {
                earlier.newCounter("earlier writer's counter " + i, 1000 + i).setRelease(99);
            }
        }
        try (Store store = Store.open(dir); LiveCounters counters = LiveCounters.open(dir))
        {
            final var read = counters.read();
            assertEquals(ours, read.size(), () -> "records: " + read);
            assertEquals(0, byLabel(counters).get(StoreCounter.COMMITS.label()));
            assertEquals(0, byLabel(counters).get(StoreCounter.EXPORT_BYTES.label()));
            assertEquals(-1, byLabel(counters).get(StoreCounter.LIVE_PAGES.label()), "unknown until the first commit samples it");
            assertTrue(read.stream().noneMatch(c -> c.label().startsWith("earlier")), () -> "records: " + read);
        }
    }

    @Test
    void watchingDoesNotDropTheWritersLockInThisProcess()
    {
        try (Store store = Store.open(dir))
        {
            LiveCounters.open(dir).close();
            assertThrows(StoreLockedException.class, () -> Store.open(dir).close());
            store.put(bytes("still"), bytes("writable"));
        }
    }

    @Test
    void aDirectoryNoWriterOpenedIsReportedClearly(@TempDir final Path empty)
    {
        final StoreException ex = assertThrows(StoreException.class, () -> LiveCounters.open(empty));
        assertTrue(ex.getMessage().contains(empty.toString()), ex.getMessage());
    }

    @Test
    void aReadOnlyStoreDoesNotTouchTheWritersCounters()
    {
        try (Store store = Store.open(dir))
        {
            store.put(bytes("a"), bytes("b"));
            try (Store reader = Store.openReadOnly(dir); Snapshot snapshot = reader.snapshot(); LiveCounters counters = LiveCounters.open(dir))
            {
                assertEquals(0, byLabel(counters).get(StoreCounter.OPEN_SNAPSHOTS.label()));
                assertEquals(1, byLabel(counters).get(StoreCounter.COMMITS.label()));
            }
        }
    }
}
