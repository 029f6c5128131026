package io.pagekv.crash;

import io.pagekv.FileSeam;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreException;
import io.pagekv.StoreOptions;
import io.pagekv.io.FileIO;
import org.junit.jupiter.api.Tag;
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
@Tag("crash")
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

    /**
     * The last step of creation forces the directory so that the name {@code meta} is durable.
     * If that force fails, the next open finds {@code meta} in the directory (the rename did
     * happen) but the name may not survive a power loss: that open must make it durable before
     * it acknowledges commits (found by the I/O-error battery).
     */
    @Test
    void failedDirectoryForceAtCreationIsMadeGoodByTheNextOpen()
    {
        final RecordingFileIO recorder = new RecordingFileIO(FileIO.jdk(), dir);
        final FaultyFileIO io = new FaultyFileIO(recorder, 1).listener(recorder);
        final StoreOptions options = FileSeam.with(StoreOptions.defaults().withSegmentSize(64 << 10), io);
        io.arm(FaultyFileIO.Op.FORCE_DIR, 2, false, false);
        assertThrows(StoreException.class, () -> Store.open(dir, options).close());
        assertEquals(1, io.injected());
        try (Store store = Store.open(dir, options))
        {
            store.put(new byte[]{1}, new byte[]{2});
        }
        final PowerLossImage model = new PowerLossImage(recorder, 0);
        recorder.events().forEach(model::apply);
        final Path image = dir.resolveSibling(dir.getFileName() + "-image");
        PowerLossImage.write(model.image(new java.util.Random(1), PowerLossImage.Style.NONE_LANDS), image);
        try (Store store = Store.open(image))
        {
            assertArrayEquals(new byte[]{2}, store.get(new byte[]{1}), "an acknowledged commit is lost");
        }
        finally
        {
            KillLoopTest.deleteTree(image);
        }
    }

    private void dieDuringCreation(final FaultyFileIO.Op op, final int n)
    {
        final FaultyFileIO io = new FaultyFileIO(FileIO.jdk(), 1);
        io.arm(op, n, false, false);
        assertThrows(StoreException.class, () -> Store.open(dir, FileSeam.with(StoreOptions.defaults().withSegmentSize(64 << 10), io)).close());
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
