package io.pagekv.crash;

import io.pagekv.CompactionPolicy;
import io.pagekv.CompactionReport;
import io.pagekv.ReaderInfo;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.page.SegmentFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared reader table across processes: a read-only JVM holds an old snapshot while the
 * writer compacts; the segments it needs survive (and it reads the same data from them) until it
 * closes the snapshot, then they go. A reader killed with SIGKILL does not pin space forever: its
 * slot is found dead and reclaimed, and the segments go.
 */
@Tag("crash")
class ReaderTableTest
{
    private static final StoreOptions OPTIONS = StoreOptions.defaults()
        .withSegmentSize(64 * 1024)
        .withCompaction(CompactionPolicy.off());

    @TempDir
    Path tmp;

    @Test
    void aReaderInAnotherProcessKeepsTheSegmentsOfItsSnapshotUntilItClosesIt() throws Exception
    {
        final Path dir = tmp.resolve("store");
        try (Store store = Store.open(dir, OPTIONS))
        {
            fill(store, 0);
            final String before;
            try (Snapshot own = store.snapshot())
            {
                before = SnapshotHolderChild.digest(own);
            }
            try (ChildJvm reader = ChildJvm.start(SnapshotHolderChild.class, tmp.resolve("reader"), dir.toString()))
            {
                final String pinned = reader.nextLine(30_000);
                assertNotNull(pinned, () -> "reader did not pin: " + reader.stderr());
                final String[] words = pinned.split(" ");
                assertEquals("pinned", words[0], pinned);
                final long pinnedTxn = Long.parseLong(words[1]);
                assertEquals(before, words[2] + " " + words[3], "the reader's snapshot reads what the writer wrote");
                assertEquals(List.of(pinnedTxn), pinsOf(store, reader.pid()), "the reader's slot pins its snapshot");

                fill(store, 1);
                final Set<Integer> oldSegments = segmentFiles(dir);
                final CompactionReport report = store.compact();
                assertTrue(report.segmentsRetired() > 0, () -> "compaction retired nothing: " + report);
                assertEquals(report.segmentsRetired(), report.segmentsPending(), () -> "a segment went under a live reader: " + report);
                assertTrue(segmentFiles(dir).containsAll(oldSegments), "the reader's segments survive compaction");

                Files.createFile(tmp.resolve("release"));
                final String reread = reader.nextLine(30_000);
                assertEquals("reread " + before, reread, "the reader reads the same data after compaction");
                assertEquals("closed", reader.nextLine(30_000));
                assertEquals(List.of(ReaderInfo.NONE), pinsOf(store, reader.pid()), "a reader that closed its snapshot pins nothing");

                store.put(new byte[] {1}, new byte[] {2});
                assertEquals(report.segmentsPending(), gone(oldSegments, dir),
                    "once the snapshot is closed, the next commit deletes the segments that waited for it");
                Files.createFile(tmp.resolve("exit"));
                assertEquals(0, reader.waitFor(), reader::stderr);
            }
            assertTrue(store.verify().isClean());
        }
    }

    @Test
    void aKilledReaderDoesNotPinSpaceForever() throws Exception
    {
        final Path dir = tmp.resolve("store");
        try (Store store = Store.open(dir, OPTIONS))
        {
            fill(store, 0);
            final long readerPid;
            final Set<Integer> waiting;
            final int pending;
            try (ChildJvm reader = ChildJvm.start(SnapshotHolderChild.class, tmp.resolve("reader"), dir.toString()))
            {
                final String pinned = reader.nextLine(30_000);
                assertNotNull(pinned, () -> "reader did not pin: " + reader.stderr());
                readerPid = reader.pid();
                fill(store, 1);
                waiting = segmentFiles(dir);
                final CompactionReport report = store.compact();
                pending = report.segmentsPending();
                assertTrue(pending > 0, () -> "nothing waited for the live reader: " + report);
                assertTrue(segmentFiles(dir).containsAll(waiting), "the live reader's segments survive compaction");
                reader.kill();
            }
            store.put(new byte[] {1}, new byte[] {2});
            assertEquals(pending, gone(waiting, dir), "the dead reader's pin was reclaimed and the segments it pinned went");
            assertTrue(store.readers().stream().noneMatch(r -> r.pid() == readerPid), "its slot was freed");
            assertTrue(store.verify().isClean());
        }
    }

    private static List<Long> pinsOf(final Store store, final long pid)
    {
        return store.readers().stream().filter(r -> r.pid() == pid).map(ReaderInfo::pinnedTxnId).toList();
    }

    /** Writes 400 entries of 300 bytes in commits of 40: many small segments. */
    private static void fill(final Store store, final int round)
    {
        for (int commit = 0; commit < 10; commit++)
        {
            try (var txn = store.beginWrite())
            {
                for (int i = 0; i < 40; i++)
                {
                    final byte[] value = new byte[300];
                    java.util.Arrays.fill(value, (byte)(round * 31 + commit * 7 + i));
                    txn.put(Workload.key(commit * 40 + i), value);
                }
                txn.commit();
            }
        }
    }

    /** @return how many of {@code segments} are no longer in {@code dir}. */
    private static int gone(final Set<Integer> segments, final Path dir) throws IOException
    {
        final Set<Integer> now = segmentFiles(dir);
        return (int)segments.stream().filter(n -> !now.contains(n)).count();
    }

    private static Set<Integer> segmentFiles(final Path dir) throws IOException
    {
        final Set<Integer> numbers = new TreeSet<>();
        for (final int number : SegmentFiles.list(dir))
        {
            numbers.add(number);
        }
        return numbers;
    }
}
