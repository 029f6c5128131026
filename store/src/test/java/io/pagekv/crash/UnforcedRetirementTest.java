package io.pagekv.crash;

import io.pagekv.CompactionPolicy;
import io.pagekv.Durability;
import io.pagekv.FileSeam;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.StorePoisonedException;
import io.pagekv.WriteTxn;
import io.pagekv.format.StoreFileNames;
import io.pagekv.io.FileIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A retirement whose first superblock slot reached the page cache but not the disk (found by the
 * I/O-error battery, seed -7046033438688237924): compaction's {@code retireBelow} writes the new
 * first segment into a slot and its write or force fails, so the store is poisoned and deletes
 * nothing. The slot is still in the page cache, so the next writable open reads it as the newest
 * and deletes the segment files below its first segment. A power loss then keeps the slots of the
 * disk, which name the old first segment, without those files: the store was refused as damaged
 * history ("segment N is missing"). The open must make both slots durable before it deletes.
 */
@Tag("crash")
class UnforcedRetirementTest
{
    /** {@code new Random(4).nextInt(9) == 8}: the failed write first writes all of its 8 sectors. */
    private static final long WHOLE_PREFIX_SEED = 4;
    private static final int COMMITS = 40;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = FaultyFileIO.Op.class, names = {"WRITE", "FORCE"})
    void anOpenAfterAFailedRetirementDeletesNoSegmentBeforeTheSuperblockIsDurable(final FaultyFileIO.Op op)
    {
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(64 << 10).withDurability(Durability.SYNC)
            .withCompaction(CompactionPolicy.off());
        final Workload workload = new Workload(11);
        final ModelHistory history = new ModelHistory(workload);
        // The retirement's two slot writes (each with its force) are compaction's last operations
        // of either kind on meta: the first of them is the one before the last. Only meta counts:
        // the next segment's fill writes from a thread of its own, as many times as timing allows.
        final long retirementFirstSlot = operationsOfCompaction(tmp.resolve("probe"), options, op) - 1;

        final Path dir = tmp.resolve("store");
        final RecordingFileIO recorder = new RecordingFileIO(FileIO.jdk(), dir);
        final FaultyFileIO io = new FaultyFileIO(recorder, WHOLE_PREFIX_SEED).listener(recorder).only(UnforcedRetirementTest::isMeta);
        final StoreOptions seamed = FileSeam.with(options, io);
        final long last;
        try (Store store = Store.open(dir, seamed))
        {
            last = fill(store, new Workload(11));
            io.arm(op, retirementFirstSlot, false, true);
            assertThrows(StorePoisonedException.class, store::compact, "the retirement's failed " + op + " must poison the store");
            assertEquals(1, io.injected(), "the fault did not hit the retirement");
        }
        assertEquals(0, LowestSegment.of(dir), "a failed retirement deleted segment files");

        try (Store reopened = Store.open(dir, seamed))
        {
            assertTrue(LowestSegment.of(dir) > 0, "the writable open kept the segment files below the first segment");
            // A power loss now: only what was forced (the new slot's first write may never reach the disk).
            final PowerLossImage image = new PowerLossImage(recorder, 0);
            recorder.events().forEach(image::apply);
            final Path imageDir = tmp.resolve("image");
            PowerLossImage.write(image.image(new Random(1), PowerLossImage.Style.NONE_LANDS), imageDir);
            RecoveryCheck.openCheckAndWrite(imageDir, options, history, last, last, workload, false,
                "power loss after a writable open that followed a retirement whose " + op + " failed");
            RecoveryCheck.checkNewest(reopened, history, last, last, false, "reopened after a retirement whose " + op + " failed");
        }
    }

    /** How many operations of kind {@code op} a whole compaction of the filled store takes. */
    private static long operationsOfCompaction(final Path dir, final StoreOptions options, final FaultyFileIO.Op op)
    {
        final FaultyFileIO counter = new FaultyFileIO(FileIO.jdk(), 0).only(UnforcedRetirementTest::isMeta);
        try (Store store = Store.open(dir, FileSeam.with(options, counter)))
        {
            fill(store, new Workload(11));
            final long before = counter.count(op);
            assertTrue(store.compact().segmentsRetired() > 0, "the compaction retired nothing");
            assertTrue(LowestSegment.of(dir) > 0, "the compaction deleted nothing");
            return counter.count(op) - before;
        }
    }

    private static boolean isMeta(final Path path)
    {
        return path.getFileName().toString().equals(StoreFileNames.META);
    }

    private static long fill(final Store store, final Workload workload)
    {
        long sequence = 0;
        for (int i = 0; i < COMMITS; i++)
        {
            try (WriteTxn txn = store.beginWrite())
            {
                sequence = workload.apply(txn);
                txn.commit();
            }
        }
        return sequence;
    }
}
