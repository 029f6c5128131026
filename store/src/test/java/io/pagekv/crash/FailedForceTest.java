package io.pagekv.crash;

import io.pagekv.FileSeam;
import io.pagekv.Durability;
import io.pagekv.Store;
import io.pagekv.StoreException;
import io.pagekv.StoreOptions;
import io.pagekv.StorePoisonedException;
import io.pagekv.VerifyReport;
import io.pagekv.io.FileIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failed forces (found by the I/O-error battery): one must poison the store wherever it
 * happens, and what it failed to make durable must never be built on as if it were.
 */
@Tag("crash")
class FailedForceTest
{
    @TempDir
    Path dir;

    /**
     * After a failed fsync the kernel may keep the pages in its cache, marked clean, and never
     * write them (PostgreSQL's "fsyncgate"). A store reopened after that sees the commit in the
     * cache; before it builds a durable commit on top, the commit must really reach the disk.
     */
    @Test
    void commitWhoseForceFailedReachesTheDiskBeforeItIsBuiltOn()
    {
        final RecordingFileIO recorder = new RecordingFileIO(FileIO.jdk(), dir);
        final FaultyFileIO io = new FaultyFileIO(recorder, 1).listener(recorder);
        final StoreOptions options = FileSeam.with(StoreOptions.defaults().withSegmentSize(64 << 10), io);
        try (Store store = Store.open(dir, options))
        {
            store.put(new byte[]{1}, new byte[]{1});
            io.arm(FaultyFileIO.Op.FORCE, 1, false, false);
            assertThrows(StorePoisonedException.class, () -> store.put(new byte[]{2}, new byte[]{2}));
        }
        try (Store store = Store.open(dir, options))
        {
            assertArrayEquals(new byte[]{2}, store.get(new byte[]{2}), "the commit whose force failed is visible in the cache");
            store.put(new byte[]{3}, new byte[]{3});
        }
        final PowerLossImage model = new PowerLossImage(recorder, 0);
        recorder.events().forEach(model::apply);
        final Path image = dir.resolveSibling(dir.getFileName() + "-image");
        PowerLossImage.write(model.image(new java.util.Random(1), PowerLossImage.Style.NONE_LANDS), image);
        try (Store store = Store.open(image))
        {
            final VerifyReport report = store.verify();
            assertTrue(report.isClean(), () -> "after a power loss: " + report.problems());
            assertArrayEquals(new byte[]{3}, store.get(new byte[]{3}), "the acknowledged SYNC commit is lost");
            assertArrayEquals(new byte[]{2}, store.get(new byte[]{2}));
        }
        finally
        {
            KillLoopTest.deleteTree(image);
        }
    }

    @Test
    void failedForceDuringSegmentRollPoisonsTheStore()
    {
        final FaultyFileIO io = new FaultyFileIO(FileIO.jdk(), 1);
        final StoreOptions options = FileSeam.with(StoreOptions.defaults().withSegmentSize(64 << 10).withDurability(Durability.ASYNC), io);
        try (Store store = Store.open(dir, options))
        {
            io.arm(FaultyFileIO.Op.FORCE, 1, false, false);
            StoreException failure = null;
            for (int i = 0; i < 100 && failure == null; i++)
            {
                try
                {
                    store.put(Workload.key(i), new byte[3000]);
                }
                catch (final StoreException ex)
                {
                    failure = ex;
                }
            }
            assertNotNull(failure, "no commit forced within 100 commits");
            assertEquals(1, io.injected());
            assertInstanceOf(StorePoisonedException.class, failure, "a failed force was reported as " + failure);
            assertThrows(StorePoisonedException.class, () -> store.put(new byte[]{1}, new byte[]{1}));
            assertThrows(StorePoisonedException.class, store::close, "the commits acknowledged before the failed force are not durable");
        }
    }

    /**
     * With {@code Durability.ASYNC} a commit returns before it is forced; the checkpoint after it
     * (at a segment roll) may fail, which poisons the store but does not fail the commit. Then
     * close cannot force anything: it must say so instead of returning as if it had made every
     * acknowledged commit durable. Found by the I/O-error battery (a power loss after such a
     * close lost the last commit). Every force of a run is failed in turn: close either throws
     * or every acknowledged commit survives a power loss that keeps only forced bytes.
     */
    @Test
    void closeAfterAFailedAsyncCheckpointDoesNotClaimDurability()
    {
        int poisonedSilently = 0;
        for (int n = 1; n <= 16; n++)
        {
            final Path store = dir.resolve("n" + n);
            final RecordingFileIO recorder = new RecordingFileIO(FileIO.jdk(), store);
            final FaultyFileIO io = new FaultyFileIO(recorder, n).listener(recorder);
            final StoreOptions options = FileSeam.with(StoreOptions.defaults().withSegmentSize(64 << 10).withDurability(Durability.ASYNC), io);
            final Store open = Store.open(store, options);
            io.arm(FaultyFileIO.Op.FORCE, n, false, false);
            final java.util.List<Integer> acknowledged = new java.util.ArrayList<>();
            boolean silent = false;
            for (int i = 0; i < 40; i++)
            {
                final long faultsBefore = io.injected();
                try
                {
                    open.put(Workload.key(i), new byte[3000]);
                    acknowledged.add(i);
                    silent |= io.injected() > faultsBefore;
                }
                catch (final StorePoisonedException ex)
                {
                    break;
                }
                catch (final StoreException ex)
                {
                    // A failed write (here: a new segment's header not forced): this commit is not acknowledged.
                }
            }
            assertEquals(1, io.injected(), "force #" + n + " never came");
            boolean closed;
            try
            {
                open.close();
                closed = true;
            }
            catch (final StorePoisonedException ex)
            {
                closed = false;
            }
            if (!closed)
            {
                poisonedSilently += silent ? 1 : 0;
                continue;
            }
            final PowerLossImage model = new PowerLossImage(recorder, 0);
            recorder.events().forEach(model::apply);
            final Path image = dir.resolve("image" + n);
            PowerLossImage.write(model.image(new java.util.Random(n), PowerLossImage.Style.NONE_LANDS), image);
            try (Store reopened = Store.open(image))
            {
                for (final int i : acknowledged)
                {
                    assertNotNull(reopened.get(Workload.key(i)), "force #" + n + " failed, close returned, and a power loss lost commit " + i);
                }
            }
        }
        assertTrue(poisonedSilently > 0, "no failed force poisoned the store without failing a commit");
    }
}
