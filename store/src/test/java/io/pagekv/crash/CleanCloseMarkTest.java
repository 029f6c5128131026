package io.pagekv.crash;

import io.pagekv.CompactionPolicy;
import io.pagekv.CompactionReport;
import io.pagekv.Cursor;
import io.pagekv.Durability;
import io.pagekv.FileSeam;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.TestStores;
import io.pagekv.WriteTxn;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import io.pagekv.txn.Superblock;
import io.pagekv.txn.SuperblockSlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clean-close mark (the flags of the superblock slot a clean close writes last): a writable
 * open after a clean close does not force the store directory; after any other end it does, so
 * that nothing is built on directory entries that may not be on the disk.
 */
class CleanCloseMarkTest
{
    private static final StoreOptions OPTIONS = StoreOptions.defaults().withSegmentSize(64 << 10)
        .withDurability(Durability.ASYNC).withCompaction(CompactionPolicy.off());

    @TempDir
    Path tmp;

    private final Map<String, byte[]> model = new TreeMap<>();

    /** How the session before the reopen ended. */
    enum UncleanEnd
    {
        /** A store that was never closed: killed after its commits. */
        NEVER_CLOSED,
        /** Closed cleanly, reopened, one commit, killed: the marked slot is followed by a commit. */
        COMMITTED_AFTER_CLEAN_REOPEN,
        /** Closed cleanly, reopened, compacted, killed: newer slots name the head, without the mark. */
        COMPACTED_AFTER_CLEAN_REOPEN,
        /** Closed cleanly, reopened, a value patched in place, killed: a patch record follows the head. */
        PATCHED_AFTER_CLEAN_REOPEN
    }

    @Test
    void aReopenAfterACleanCloseDoesNotForceTheDirectory()
    {
        final Path dir = tmp.resolve("store");
        try (Store store = Store.open(dir, OPTIONS))
        {
            commits(store, 0, 20);
        }
        for (int reopen = 0; reopen < 2; reopen++)
        {
            final RecordingFileIO recorder = new RecordingFileIO(FileIO.jdk(), dir);
            try (Store store = Store.open(dir, FileSeam.with(OPTIONS, recorder)))
            {
                assertFalse(hasDirectoryForce(recorder), "a reopen after a clean close forced the directory: " + recorder.events());
                assertModel(store);
            }
            assertTrue(recorder.events().isEmpty(), "a clean reopen and close without a change wrote or forced: " + recorder.events());
        }
    }

    @Test
    void theMarkLeavesTheOtherSlotNamingAnOlderCommit() throws IOException
    {
        final Path dir = tmp.resolve("store");
        for (int session = 0; session < 3; session++)
        {
            try (Store store = Store.open(dir, OPTIONS))
            {
                commits(store, session * 10, 10);
            }
            final List<SuperblockSlot> slots;
            try (StoreFile meta = FileIO.jdk().openReadOnly(dir.resolve("meta")))
            {
                slots = Superblock.read(meta, new ArrayList<>());
            }
            assertEquals(2, slots.size(), "both slots are valid");
            assertTrue(slots.get(0).closedCleanly(), "the newest slot carries the mark");
            assertFalse(slots.get(1).closedCleanly(), "only the newest slot carries the mark");
            assertTrue(slots.get(1).commitTxn() < slots.get(0).commitTxn(),
                "the other slot names an older commit, the fallback for a damaged head record: " + slots);
        }
    }

    @ParameterizedTest
    @EnumSource(UncleanEnd.class)
    void aReopenAfterAnUncleanEndForcesTheDirectory(final UncleanEnd end)
    {
        final Path dir = tmp.resolve("store");
        final Path image = tmp.resolve("image");
        if (end != UncleanEnd.NEVER_CLOSED)
        {
            try (Store store = Store.open(dir, OPTIONS))
            {
                commits(store, 0, 30);
                store.putPatchable(key(-1), new byte[16]);
                model.put(new String(key(-1), StandardCharsets.US_ASCII), new byte[16]);
            }
        }
        try (Store store = Store.open(dir, OPTIONS))
        {
            switch (end)
            {
                case NEVER_CLOSED, COMMITTED_AFTER_CLEAN_REOPEN -> commits(store, 100, 1);
                case COMPACTED_AFTER_CLEAN_REOPEN ->
                {
                    final CompactionReport report = store.compact();
                    assertTrue(report.segmentsRetired() + report.segmentsPending() > 0, "compaction retired nothing: " + report);
                }
                case PATCHED_AFTER_CLEAN_REOPEN ->
                {
                    final byte[] bytes = {1, 2, 3, 4};
                    store.patch(key(-1), 4, bytes);
                    System.arraycopy(bytes, 0, model.get(new String(key(-1), StandardCharsets.US_ASCII)), 4, bytes.length);
                }
            }
            TestStores.crashImage(dir, image);
        }
        final RecordingFileIO recorder = new RecordingFileIO(FileIO.jdk(), image);
        try (Store store = Store.open(image, FileSeam.with(OPTIONS, recorder)))
        {
            assertTrue(hasDirectoryForce(recorder), "a reopen after " + end + " did not force the directory: " + recorder.events());
            assertModel(store);
        }
    }

    private static boolean hasDirectoryForce(final RecordingFileIO recorder)
    {
        return recorder.events().stream().anyMatch(RecordingFileIO.ForceDir.class::isInstance);
    }

    /** Commits {@code count} transactions of 100 entries, overwriting earlier ones. */
    private void commits(final Store store, final int first, final int count)
    {
        for (int c = first; c < first + count; c++)
        {
            try (WriteTxn txn = store.beginWrite())
            {
                for (int i = 0; i < 100; i++)
                {
                    final byte[] key = key((i * 7 + c) % 300);
                    final byte[] value = new byte[150];
                    Arrays.fill(value, (byte)c);
                    txn.put(key, value);
                    model.put(new String(key, StandardCharsets.US_ASCII), value);
                }
                txn.commit();
            }
        }
    }

    private static byte[] key(final int i)
    {
        return ("key-" + i).getBytes(StandardCharsets.US_ASCII);
    }

    private void assertModel(final Store store)
    {
        final Map<String, byte[]> found = new TreeMap<>();
        try (Snapshot snapshot = store.snapshot(); Cursor cursor = snapshot.range(null, null))
        {
            while (cursor.next())
            {
                found.put(new String(cursor.keyBytes(), StandardCharsets.US_ASCII), cursor.valueBytes());
            }
        }
        assertEquals(model.keySet(), found.keySet());
        model.forEach((key, value) -> assertArrayEquals(value, found.get(key), key));
    }
}
