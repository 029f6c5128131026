package io.pagekv.crash;

import io.pagekv.Durability;
import io.pagekv.Store;
import io.pagekv.StoreException;
import io.pagekv.StoreOptions;
import io.pagekv.StorePoisonedException;
import io.pagekv.io.FileIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A failed force must poison the store wherever it happens (found by the I/O-error battery):
 * in {@link Durability#ASYNC} the segment roll forces the commits written since the last
 * force, and if that force fails, retrying it later would report lost pages as durable.
 */
class FailedForceTest
{
    @TempDir
    Path dir;

    @Test
    void failedForceDuringSegmentRollPoisonsTheStore()
    {
        final FaultyFileIO io = new FaultyFileIO(FileIO.jdk(), 1);
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(64 << 10).withDurability(Durability.ASYNC).withFileIO(io);
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
        }
    }
}
