package io.pagekv.crash;

import io.pagekv.CompactionPolicy;
import io.pagekv.Durability;
import io.pagekv.FileSeam;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.WriteTxn;
import io.pagekv.io.FileIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A compacted segment whose file cannot be deleted (found by probing the I/O-error battery with
 * compaction on): the deletion runs after a commit once the last snapshot that pinned the
 * segment is closed. The commit is already written and forced, so it must stand: it returns,
 * it is visible, later commits work, and the file goes at the next writable open.
 */
@Tag("crash")
class FailedDeleteTest
{
    @TempDir
    Path dir;

    @Test
    void commitStandsWhenARetiredSegmentCannotBeDeleted()
    {
        final FaultyFileIO io = new FaultyFileIO(FileIO.jdk(), 1);
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(64 << 10).withDurability(Durability.SYNC)
            .withCompaction(CompactionPolicy.of(1.0, 1.05));
        final Workload workload = new Workload(7);
        final ModelHistory history = new ModelHistory(workload);
        long last = 0;
        try (Store store = Store.open(dir, FileSeam.with(options, io)))
        {
            final Snapshot held = store.snapshot();
            for (int i = 0; i < 200; i++)
            {
                last = commit(store, workload);
            }
            assertEquals(0, LowestSegment.of(dir), "the held snapshot keeps the first segment");
            io.arm(FaultyFileIO.Op.DELETE, 1, true, false);
            held.close();
            for (int i = 0; i < 5; i++)
            {
                last = commit(store, workload);
                RecoveryCheck.checkNewest(store, history, last, last, "after a failed deletion of a retired segment");
            }
            assertTrue(io.injected() > 0, "no deletion was tried");
            io.disarm();
        }
        try (Store store = Store.open(dir, options))
        {
            RecoveryCheck.checkNewest(store, history, last, last, "reopened after a failed deletion of a retired segment");
        }
        assertTrue(LowestSegment.of(dir) > 0, "the writable open did not delete the segment files below the first segment");
    }

    private static long commit(final Store store, final Workload workload)
    {
        try (WriteTxn txn = store.beginWrite())
        {
            final long sequence = workload.apply(txn);
            txn.commit();
            return sequence;
        }
    }
}
