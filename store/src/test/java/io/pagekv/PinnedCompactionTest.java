package io.pagekv;

import io.pagekv.audit.AuditKind;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Automatic compaction on a log a live patchable value pins (decisions 20 and 63): while the pin
 * leaves nothing to retire, commits cost no checkpoint each; once the value is gone, compaction
 * retires past where the pin was.
 */
class PinnedCompactionTest
{
    private static final byte[] COUNTER = "counter".getBytes(StandardCharsets.UTF_8);
    private static final int COMMITS = 1500;
    private static final long SEGMENT_SIZE = 1L << 20;
    private static final long SEED = 3;

    @TempDir
    Path dir;

    @TempDir
    Path twin;

    @Test
    void aPinnedLogCostsNoCheckpointPerCommitAndIsRetiredOnceThePinGoes() throws IOException
    {
        final MetaWrites metaWrites = new MetaWrites(FileIO.jdk());
        final StoreOptions options = FileSeam.with(StoreOptions.defaults().withDurability(Durability.ASYNC)
            .withSegmentSize(SEGMENT_SIZE).withCompaction(CompactionPolicy.of(1.0, 1.5)), metaWrites);
        final Random random = new Random(SEED);
        final TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
        try (Store store = Store.open(dir, options))
        {
            store.putPatchable(COUNTER, new byte[16]);
            final AtomicInteger rounds = new AtomicInteger();
            store.addAuditHook(event ->
            {
                if (event.kind() == AuditKind.COMPACTION)
                {
                    rounds.incrementAndGet();
                }
            });
            final int before = metaWrites.count.get();
            overwrite(store, random, model);
            final int pinnedWrites = metaWrites.count.get() - before;
            assertTrue(rounds.get() < COMMITS / 20, rounds + " compaction rounds in " + COMMITS + " commits: it plans past the pin, " +
                "retires nothing, and plans again");
            assertTrue(pinnedWrites < COMMITS / 5, pinnedWrites + " superblock writes in " + COMMITS +
                " commits: compaction checkpoints for nothing after every commit");
            final long segmentsWhilePinned = segmentFiles(dir);
            assertTrue(segmentsWhilePinned > 20, "the pin held the log to " + segmentsWhilePinned + " segments: the test pins nothing");
            final long uncompacted = uncompactedTwin();
            assertTrue(segmentsWhilePinned <= uncompacted + 2, "the pinned log grew to " + segmentsWhilePinned + " segments, " +
                "the same writes without compaction to " + uncompacted + ": compaction moved pages it could not free");
            assertEquals(COMMITS / 100, store.addAndGet(COUNTER, 0, COMMITS / 100));

            store.delete(COUNTER);
            overwrite(store, random, model);
            final long segmentsAfter = segmentFiles(dir);
            assertTrue(segmentsAfter < segmentsWhilePinned / 2, "the log kept " + segmentsAfter + " of " + segmentsWhilePinned +
                " segments after the pin went: compaction never looked at the pin again");
            try (Snapshot snapshot = store.snapshot())
            {
                TestStores.assertSameContents(snapshot, model);
            }
            TestStores.assertClean(store);
        }
    }

    @Test
    void aCompactionThatCanRetireNothingWritesNoCheckpoint()
    {
        final MetaWrites metaWrites = new MetaWrites(FileIO.jdk());
        try (Store store = Store.open(dir, FileSeam.with(StoreOptions.defaults().withCompaction(CompactionPolicy.off()), metaWrites)))
        {
            store.putPatchable(COUNTER, new byte[16]);
            store.put(key(1), new byte[100]);
            final int before = metaWrites.count.get();
            store.compact();
            // The moving commit rewrites the leaf naming the patchable run, and such a commit
            // checkpoints (one slot); the retirement, which the pin in the first segment leaves
            // nothing to do, writes none.
            final int written = metaWrites.count.get() - before;
            assertTrue(written <= 1, written + " superblock slots written by a compaction that retires nothing");
        }
    }

    private static void overwrite(final Store store, final Random random, final TreeMap<byte[], byte[]> model)
    {
        for (int c = 0; c < COMMITS; c++)
        {
            try (WriteTxn txn = store.beginWrite())
            {
                for (int i = 0; i < 20; i++)
                {
                    final byte[] key = key(random.nextInt(400));
                    final byte[] value = new byte[100];
                    random.nextBytes(value);
                    txn.put(key, value);
                    model.put(key, value);
                }
                txn.commit();
            }
        }
    }

    private static byte[] key(final int k)
    {
        return new byte[] {'k', (byte)(k >>> 8), (byte)k};
    }

    /**
     * @return the segment files of the same writes (same seed) to a store with a patchable value
     * and compaction off.
     */
    private long uncompactedTwin() throws IOException
    {
        try (Store store = Store.open(twin, StoreOptions.defaults().withDurability(Durability.ASYNC).withSegmentSize(SEGMENT_SIZE)
            .withCompaction(CompactionPolicy.off())))
        {
            store.putPatchable(COUNTER, new byte[16]);
            overwrite(store, new Random(SEED), new TreeMap<>(Arrays::compareUnsigned));
        }
        return segmentFiles(twin);
    }

    private static long segmentFiles(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(file -> file.getFileName().toString().startsWith("seg-")).count();
        }
    }

    /** Counts the writes to {@code meta}: the superblock slots, one or two per checkpoint. */
    private static final class MetaWrites extends InterceptingFileIO
    {
        private final AtomicInteger count = new AtomicInteger();

        MetaWrites(final FileIO delegate)
        {
            super(delegate);
        }

        @Override
        protected boolean intercepts(final Path path)
        {
            return path.getFileName().toString().equals("meta");
        }

        @Override
        protected void write(final StoreFile file, final Path path, final long position, final ByteBuffer src) throws IOException
        {
            count.incrementAndGet();
            file.write(position, src);
        }
    }
}
