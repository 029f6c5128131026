package io.pagekv;

import io.pagekv.format.PageAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Store#salvage}: for each kind of damage of the hostile battery, the new store holds
 * only entries some commit held (checked against the history of models), the report's counts
 * match what was written, the source is unchanged, and an undamaged store salvages to exactly
 * its newest state.
 */
class SalvageTest
{
    private static final int PAGE = 4096;
    private static final StoreOptions OPTIONS = StoreOptions.defaults().withSegmentSize(64 << 10).withCheckpointBytes(1L << 40)
        .withDurability(Durability.ASYNC).withCompaction(CompactionPolicy.off());

    @TempDir
    Path tmp;

    private Path reference;
    private final List<NavigableMap<byte[], byte[]>> history = new ArrayList<>();
    private final Map<ByteBuffer, Set<ByteBuffer>> everHeld = new HashMap<>();
    private long lastTxn;
    private int cases;

    @BeforeEach
    void buildReference()
    {
        final Path live = tmp.resolve("live");
        reference = tmp.resolve("reference");
        DamageFixtures.write(live, OPTIONS, 40, new Random(21), history);
        try (Store store = Store.open(live, OPTIONS))
        {
            DamageFixtures.write(store, 40, new Random(22), history);
            lastTxn = store.info().lastTxnId();
            TestStores.crashImage(live, reference);
        }
        for (final NavigableMap<byte[], byte[]> state : history)
        {
            state.forEach((k, v) -> everHeld.computeIfAbsent(ByteBuffer.wrap(k), x -> new HashSet<>()).add(ByteBuffer.wrap(v)));
        }
    }

    @Test
    void undamagedStoreSalvagesToItsNewestState()
    {
        final SalvageReport report = salvage(reference, "whole");
        assertTrue(report.isComplete(), report.toString());
        assertEquals(lastTxn, report.baseTxn());
        assertEquals(history.get((int)lastTxn).size(), report.entriesWritten());
        try (Store store = Store.openReadOnly(report.target()); Snapshot snapshot = store.snapshot())
        {
            TestStores.assertSameContents(snapshot, history.get((int)lastTxn));
        }
    }

    @Test
    void flippedCheckpointedRecordSalvagesTheBaseAndTheIntactLeavesBeyond() throws IOException
    {
        final Path dir = tmp.resolve("flipped");
        DamageFixtures.copy(reference, dir);
        final long record = DamageFixtures.checkpointedRecord(dir);
        final long[] slots = DamageFixtures.slotTxns(dir);
        final long checkpointed = Math.max(slots[0], slots[1]);
        DamageFixtures.flipBit(DamageFixtures.segment(dir, PageAddress.segment(record)), (long)PageAddress.pageIndex(record) * PAGE + 100, 3);
        final SalvageReport report = salvage(dir, "flipped");
        assertTrue(report.parts().stream().anyMatch(p -> p.txnId() == checkpointed && p.entries() > 0),
            "the leaves of the commit whose record is damaged are used: the superblock proves it committed: " + report.parts());
        assertNotNull(report.damage());
        assertTrue(report.baseTxn() < lastTxn);
        assertTrue(report.entriesFromLaterCommits() > 0, "the intact leaves of the commits beyond the damage are used: " + report);
        assertTrue(report.parts().stream().anyMatch(p -> !p.base() && p.txnId() > report.baseTxn()));
    }

    @Test
    void missingMiddleSegmentLosesOnlyItsPages() throws IOException
    {
        final Path dir = tmp.resolve("missing");
        DamageFixtures.copy(reference, dir);
        final int segments;
        try (var files = Files.list(dir))
        {
            segments = (int)files.filter(p -> p.getFileName().toString().startsWith("seg-")).count();
        }
        final Path missing = DamageFixtures.segment(dir, segments / 2);
        Files.delete(missing);
        final SalvageReport report = salvage(dir, "missing");
        assertNotNull(report.damage());
        assertEquals(lastTxn, report.baseTxn());
        assertTrue(report.baseEntriesUnread() > 0 && report.entriesWritten() > 0, report.toString());
        assertFalse(report.losses().isEmpty());
        assertTrue(report.losses().stream().allMatch(loss -> loss.file().equals(missing)), report.losses().toString());
    }

    @Test
    void reportPrintsKeysInHexAndComparesThemByContent()
    {
        final SalvageReport.Part part = new SalvageReport.Part(7, new byte[]{0x6b, 0x01}, new byte[]{0x6b, 0x7f}, 3, false);
        assertEquals("later txn 7: 3 entries, keys 6b01..6b7f", part.toString());
        assertEquals(part, new SalvageReport.Part(7, new byte[]{0x6b, 0x01}, new byte[]{0x6b, 0x7f}, 3, false));
        final SalvageReport.Loss loss = new SalvageReport.Loss(Path.of("seg-000001"), 4, null, new byte[]{0x41}, 9, "its CRC32C does not match");
        assertEquals("page 4 in seg-000001 (txn 9), keys *..41: its CRC32C does not match", loss.toString());
        assertEquals(loss.hashCode(), new SalvageReport.Loss(Path.of("seg-000001"), 4, null, new byte[]{0x41}, 9, "its CRC32C does not match").hashCode());
    }

    @Test
    void targetThatIsNotEmptyIsRefused() throws IOException
    {
        final Path target = tmp.resolve("occupied");
        Files.createDirectories(target);
        Files.writeString(target.resolve("x"), "x");
        assertThrows(StoreException.class, () -> Store.salvage(reference, target, null));
    }

    /**
     * The hostile battery's damage kinds, each salvaged: a cut at every 3rd page boundary of every
     * segment, every 5th page zeroed, bit flips and random bytes, a missing segment per position.
     */
    @Test
    @Tag("crash")
    void everyDamageKindSalvagesOnlyWhatSomeCommitHeld() throws IOException
    {
        final Random random = new Random(31);
        final long[] figures = new long[5];
        final Path dir = tmp.resolve("damaged");
        final List<Path> segments;
        try (var files = Files.list(reference))
        {
            segments = files.filter(p -> p.getFileName().toString().startsWith("seg-")).sorted().toList();
        }
        for (final Path segment : segments)
        {
            final long pages = Files.size(segment) / PAGE;
            for (long page = 0; page < pages; page++)
            {
                final long at = page * PAGE;
                if (page % 3 == 0)
                {
                    damageAndSalvage(dir, segment, f -> DamageFixtures.truncate(f, at), figures);
                }
                if (page % 5 == 1)
                {
                    damageAndSalvage(dir, segment, f -> overwrite(f, at, new byte[PAGE]), figures);
                }
            }
            damageAndSalvage(dir, segment, Files::delete, figures);
        }
        for (int i = 0; i < 60; i++)
        {
            final Path segment = segments.get(random.nextInt(segments.size()));
            final long size = Files.size(segment);
            final long at = (long)(random.nextDouble() * size);
            if (i % 2 == 0)
            {
                damageAndSalvage(dir, segment, f -> DamageFixtures.flipBit(f, at, random.nextInt(8)), figures);
            }
            else
            {
                final byte[] junk = new byte[1 + random.nextInt(600)];
                random.nextBytes(junk);
                damageAndSalvage(dir, segment, f -> overwrite(f, at, junk), figures);
            }
        }
        System.out.println("[salvage] cases=" + cases + " salvaged=" + figures[0] + " unreadable-source=" + figures[1] +
            " exactly-the-base-commit=" + figures[4] + " entries-recovered-at-newest-value=" + figures[2] + " of-newest-model=" + figures[3]);
        assertEquals(cases, figures[0], "every damaged copy can be salvaged");
    }

    /** A change to one file of a copy of the reference store. */
    private interface Damage
    {
        void apply(Path file) throws IOException;
    }

    private void damageAndSalvage(final Path dir, final Path file, final Damage damage, final long[] figures) throws IOException
    {
        DamageFixtures.copy(reference, dir);
        damage.apply(dir.resolve(file.getFileName()));
        cases++;
        final SalvageReport report;
        try
        {
            report = salvage(dir, "case-" + cases);
        }
        catch (final CorruptStoreException ex)
        {
            figures[1]++;
            return;
        }
        figures[0]++;
        final NavigableMap<byte[], byte[]> newest = history.get((int)lastTxn);
        try (Store store = Store.openReadOnly(report.target()); Snapshot snapshot = store.snapshot())
        {
            if (report.losses().isEmpty() && report.baseEntriesUnread() == 0 && report.entriesFromLaterCommits() == 0)
            {
                // Nothing lost and nothing from beyond: exactly the base commit's state.
                TestStores.assertSameContents(snapshot, history.get((int)report.baseTxn()));
                figures[4]++;
            }
            for (final Map.Entry<byte[], byte[]> e : newest.entrySet())
            {
                final byte[] value = snapshot.get(e.getKey());
                if (value != null && java.util.Arrays.equals(value, e.getValue()))
                {
                    figures[2]++;
                }
            }
        }
        figures[3] += newest.size();
        DamageFixtures.delete(report.target());
    }

    private SalvageReport salvage(final Path source, final String name)
    {
        final Path target = tmp.resolve("salvaged").resolve(name);
        final Map<String, String> before = DamageFixtures.hash(source);
        final SalvageReport report = Store.salvage(source, target, null);
        assertEquals(before, DamageFixtures.hash(source), "salvage changed the source");
        assertEquals(report.entriesFromBase() + report.entriesFromLaterCommits(), report.entriesWritten());
        assertEquals(report.entriesWritten(), report.parts().stream().mapToLong(SalvageReport.Part::entries).sum());
        try (Store store = Store.openReadOnly(target); Snapshot snapshot = store.snapshot(); Cursor cursor = snapshot.range(null, null))
        {
            long written = 0;
            while (cursor.next())
            {
                final byte[] key = cursor.keyBytes();
                final Set<ByteBuffer> values = everHeld.get(ByteBuffer.wrap(key));
                assertTrue(values != null && values.contains(ByteBuffer.wrap(cursor.valueBytes())),
                    "salvage of " + source + " invented the entry of key " + new String(key) + ": no commit held it");
                written++;
            }
            assertEquals(report.entriesWritten(), written, "the report counts what was written");
            assertTrue(store.verify().isClean());
        }
        return report;
    }

    private static void overwrite(final Path file, final long at, final byte[] bytes) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(at);
            raf.write(bytes, 0, (int)Math.min(bytes.length, Math.max(0, raf.length() - at)));
        }
    }
}
