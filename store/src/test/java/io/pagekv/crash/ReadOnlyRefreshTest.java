package io.pagekv.crash;

import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.io.FileIO;
import io.pagekv.page.SegmentTable;
import io.pagekv.page.SegmentFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A read-only store (another process's view) must keep seeing new commits across a writer's
 * death and restart. A writer that dies right after rolling leaves the next segment with only
 * its header; a reader maps it while looking for the next commit; the restarted writer deletes
 * that file and later creates a new one of the same name. The reader kept the old mapping of
 * the deleted file and never saw a commit again.
 */
@Tag("crash")
class ReadOnlyRefreshTest
{
    @TempDir
    Path dir;

    @Test
    void readerFollowsARestartedWriterIntoARecreatedSegment() throws Exception
    {
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(64 << 10);
        final long storeId;
        try (Store first = Store.open(dir, options))
        {
            for (int i = 0; i < 5; i++)
            {
                first.put(Workload.key(i), new byte[100]);
            }
            storeId = first.info().storeId();
        }
        final int[] segments = SegmentFiles.list(dir);
        // What a writer that died right after rolling leaves: the next segment, header only.
        final SegmentTable table = new SegmentTable(dir, FileIO.jdk(), 4096, storeId, true);
        table.create(segments[segments.length - 1] + 1, 16, 6);
        table.closeAll();
        try (Store reader = Store.openReadOnly(dir))
        {
            try (Snapshot snapshot = reader.snapshot())
            {
                assertEquals(5, snapshot.txnId());
            }
            final long last;
            try (Store restarted = Store.open(dir, options))
            {
                for (int i = 0; i < 60; i++)
                {
                    restarted.put(Workload.key(i), new byte[1000]);
                }
                last = restarted.info().lastTxnId();
            }
            try (Snapshot snapshot = reader.snapshot())
            {
                assertEquals(last, snapshot.txnId(), "the read-only store stopped seeing commits");
            }
        }
    }
}
