package io.pagekv;

import io.pagekv.format.PageAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A value put with {@code putPatchable} is salvaged patchable, from the base commit and from the
 * intact leaves of commits beyond damaged history alike, so patches and counters keep working
 * on the new store; a plain value stays plain.
 */
class SalvagePatchableTest
{
    private static final int PAGE = 4096;
    private static final StoreOptions OPTIONS = StoreOptions.defaults().withSegmentSize(64 << 10).withCheckpointBytes(1L << 40)
        .withDurability(Durability.ASYNC).withCompaction(CompactionPolicy.off());
    private static final byte[] COUNTER = key("counter");
    private static final byte[] PLAIN = key("plain");

    @TempDir
    Path tmp;

    @Test
    void aPatchableValueOfTheBaseCommitIsSalvagedPatchable()
    {
        final Path source = tmp.resolve("source");
        try (Store store = Store.open(source, OPTIONS))
        {
            store.putPatchable(COUNTER, new byte[64]);
            store.put(PLAIN, new byte[64]);
            assertEquals(5, store.addAndGet(COUNTER, 8, 5));
        }
        final SalvageReport report = Store.salvage(source, tmp.resolve("target"), null);
        assertTrue(report.isComplete(), report.toString());
        assertSalvaged(report.target(), 5);
    }

    @Test
    void aPatchableValueFromALaterCommitBeyondDamageIsSalvagedPatchable() throws IOException
    {
        final Path source = tmp.resolve("source");
        try (Store store = Store.open(source, OPTIONS))
        {
            store.put(key("a"), new byte[10]);
            store.putPatchable(COUNTER, new byte[64]);
            assertEquals(5, store.addAndGet(COUNTER, 8, 5));
            store.put(PLAIN, new byte[64]);
            for (int i = 0; i < 5; i++)
            {
                // Commits beyond the checkpoint that rewrite the leaf holding the counter's cell.
                store.put(key("n" + i), new byte[20]);
            }
        }
        final long record = DamageFixtures.checkpointedRecord(source);
        DamageFixtures.flipBit(DamageFixtures.segment(source, PageAddress.segment(record)), (long)PageAddress.pageIndex(record) * PAGE + 100, 3);
        final SalvageReport report = Store.salvage(source, tmp.resolve("target"), null);
        assertNotNull(report.damage(), report.toString());
        assertTrue(report.entriesFromLaterCommits() > 0, "nothing came from the commits beyond the damage: " + report);
        assertSalvaged(report.target(), 5);
    }

    private static void assertSalvaged(final Path target, final long counted)
    {
        try (Store store = Store.open(target))
        {
            assertEquals(counted, store.getLong(COUNTER, 8));
            assertEquals(counted + 1, store.addAndGet(COUNTER, 8, 1), "the salvaged counter does not count");
            store.patch(COUNTER, 16, new byte[] {7});
            assertEquals(7, store.get(COUNTER)[16]);
            assertArrayEquals(new byte[64], store.get(PLAIN));
            assertEquals(PatchRefusedException.Reason.NOT_PATCHABLE,
                assertThrows(PatchRefusedException.class, () -> store.addAndGet(PLAIN, 0, 1)).reason());
            TestStores.assertClean(store);
        }
    }

    private static byte[] key(final String name)
    {
        return name.getBytes(StandardCharsets.UTF_8);
    }
}
