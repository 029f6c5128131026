package io.pagekv;

import io.pagekv.ipc.StoreCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
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
