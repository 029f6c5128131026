package io.pagekv.crash;

import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreException;
import io.pagekv.StoreOptions;
import io.pagekv.io.FileIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A process that dies while {@link Store#open} creates a new store (found by the kill loop)
 * must leave a directory that the next open turns into a store, not one that is refused for
 * ever because {@code seg-000000} exists without {@code meta}.
 */
class InterruptedCreationTest
{
    @TempDir
    Path dir;

    @Test
    void deathBeforeMetaIsRenamedLeavesACreatableStore()
    {
        dieDuringCreation(FaultyFileIO.Op.MOVE, 1);
        openEmptyAndWrite();
    }

    @Test
    void deathBeforeMetaIsWrittenLeavesACreatableStore()
    {
        // Opens during creation: lock, seg-000000, then meta.new; fail the third.
        dieDuringCreation(FaultyFileIO.Op.OPEN, 3);
        openEmptyAndWrite();
    }

    private void dieDuringCreation(final FaultyFileIO.Op op, final int n)
    {
        final FaultyFileIO io = new FaultyFileIO(FileIO.jdk(), 1);
        io.arm(op, n, false, false);
        assertThrows(StoreException.class, () -> Store.open(dir, StoreOptions.defaults().withSegmentSize(64 << 10).withFileIO(io)).close());
        assertEquals(1, io.injected());
    }

    private void openEmptyAndWrite()
    {
        try (Store store = Store.open(dir, StoreOptions.defaults().withSegmentSize(64 << 10)))
        {
            try (Snapshot snapshot = store.snapshot())
            {
                assertEquals(0, snapshot.txnId());
                assertEquals(0, snapshot.count());
            }
            store.put(new byte[]{1}, new byte[]{2});
        }
        try (Store store = Store.open(dir))
        {
            assertArrayEquals(new byte[]{2}, store.get(new byte[]{1}));
        }
    }
}
