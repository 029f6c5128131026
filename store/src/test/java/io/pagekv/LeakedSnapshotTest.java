package io.pagekv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot the application drops without closing does not pin compacted segments forever:
 * when it is collected, its registration goes (and the leak is logged with where it was opened).
 */
class LeakedSnapshotTest
{
    @TempDir
    Path dir;

    @Test
    void aCollectedSnapshotNoLongerHoldsRetiredSegments() throws InterruptedException
    {
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(64 << 10).withDurability(Durability.ASYNC)
            .withCompaction(CompactionPolicy.off());
        try (Store store = Store.open(dir, options))
        {
            for (int c = 0; c < 30; c++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    for (int i = 0; i < 100; i++)
                    {
                        txn.put(("key-" + (i * 7 + c) % 300).getBytes(StandardCharsets.US_ASCII), new byte[150]);
                    }
                    txn.commit();
                }
            }
            openAndDrop(store);
            assertEquals(1, store.engine().readers().count(), "the dropped snapshot is still registered");
            final CompactionReport held = store.compact();
            assertTrue(held.segmentsPending() > 0, "the leaked snapshot holds the retired segments: " + held);
            for (int i = 0; i < 500 && store.engine().readers().count() > 0; i++)
            {
                System.gc();
                Thread.sleep(20);
            }
            assertEquals(0, store.engine().readers().count(), "collecting the snapshot released its registration");
            store.put("after".getBytes(StandardCharsets.US_ASCII), new byte[1]);
            assertEquals(0, store.compact().segmentsPending(), "nothing holds the retired segments any more");
            TestStores.assertClean(store);
        }
    }

    private static void openAndDrop(final Store store)
    {
        final Snapshot leaked = store.snapshot();
        assertTrue(leaked.count() > 0);
    }
}
