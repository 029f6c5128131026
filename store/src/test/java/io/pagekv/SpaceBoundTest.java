package io.pagekv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Disk use follows the live data, not the write history: a random-overwrite workload that
 * writes 20 times its live data volume (keys and values), with the default compaction policy,
 * keeps the log's segment files within twice the live page bytes after every commit, the spare
 * files kept for reuse (decision 59) within twice the live page bytes besides, and all segment files
 * within 1.3 times after {@code compact()}, which deletes the spares. Sizes, not times: the disk is the segment files' lengths (the
 * log; {@code meta} and {@code lock} have a fixed size), the live pages are those {@code verify}'s
 * walk reaches, both measured without {@link Store#spaceUsage()}, which must agree with them.
 * The curve is printed.
 *
 * <p>The policy can retire only whole segments below the one being written, so the bound holds
 * for a store many segments large: the test uses 256 KiB segments for about 1.8 MiB of live
 * pages. A store smaller than a few segments (64 MiB each by default) stays at up to about two
 * segments whatever its live data.
 */
class SpaceBoundTest
{
    private static final int KEYS = 4000;
    private static final int KEY_BYTES = 7;
    private static final int VALUE = 300;
    private static final int PUTS_PER_COMMIT = 200;
    private static final int OVERWRITES = 20;
    private static final int PRINT_EVERY = 25;

    @TempDir
    Path dir;

    private long segmentFileBytes() throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(p -> p.getFileName().toString().startsWith("seg-")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long livePageBytes(final Store store)
    {
        return TestStores.assertClean(store).segments().stream().mapToLong(VerifyReport.SegmentUsage::livePages).sum() * store.pageSize();
    }

    private static byte[] key(final int n)
    {
        return String.format("k%06d", n).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void randomOverwritesKeepDiskWithinTwiceTheLiveBytes() throws IOException
    {
        final SplittableRandom random = new SplittableRandom(7);
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(256 << 10).withDurability(Durability.ASYNC);
        assertEquals(CompactionPolicy.defaults(), options.compaction(), "the default policy");
        try (Store store = Store.open(dir, options))
        {
            try (WriteTxn load = store.beginWrite())
            {
                for (int k = 0; k < KEYS; k++)
                {
                    load.put(key(k), new byte[VALUE]);
                }
                load.commit();
            }
            final long liveData = (long)KEYS * (KEY_BYTES + VALUE);
            long written = 0;
            double worst = 0;
            final StringBuilder curve = new StringBuilder(String.format(
                "[space] %d keys, %d B of live data; every %dth commit of %d random overwrites, and the worst:%n" +
                "[space] written-bytes disk-bytes spare-bytes live-page-bytes (disk-spare)/live%n", KEYS, liveData, PRINT_EVERY, PUTS_PER_COMMIT));
            for (int commit = 1; written < OVERWRITES * liveData; commit++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    for (int i = 0; i < PUTS_PER_COMMIT; i++)
                    {
                        final byte[] value = new byte[VALUE];
                        random.nextBytes(value);
                        txn.put(key(random.nextInt(KEYS)), value);
                        written += KEY_BYTES + VALUE;
                    }
                    txn.commit();
                }
                final long disk = segmentFileBytes();
                final long live = livePageBytes(store);
                final SpaceUsage usage = store.spaceUsage();
                assertEquals(disk, usage.diskBytes(), "spaceUsage's disk bytes");
                assertEquals(live, usage.liveBytes(), "spaceUsage's live bytes");
                final long spares = usage.segments().stream().filter(SpaceUsage.SegmentSpace::spare).mapToLong(SpaceUsage.SegmentSpace::fileBytes).sum();
                final double ratio = (double)(disk - spares) / live;
                final String sample = String.format("[space] %d %d %d %d %.2f%n", written, disk, spares, live, ratio);
                if (commit % PRINT_EVERY == 0 || ratio > worst)
                {
                    curve.append(sample);
                }
                worst = Math.max(worst, ratio);
                assertTrue(ratio <= 2.0, curve + sample + "the log's disk " + (disk - spares) + " is over twice the live page bytes " + live);
                assertTrue(spares <= 2 * live, curve + sample + "the spares' " + spares + " bytes are over twice the live page bytes " + live);
            }
            store.compact();
            // Retired files go at the next commit once no older snapshot is open.
            store.put(key(0), new byte[VALUE]);
            final long disk = segmentFileBytes();
            final long live = livePageBytes(store);
            curve.append(String.format("[space] wrote %d B (%.1fx the live data); after compact(): disk %d live %d ratio %.2f; worst ratio before %.2f%n",
                written, (double)written / liveData, disk, live, (double)disk / live, worst));
            System.out.print(curve);
            assertTrue(disk <= 1.3 * live, curve.toString());
            assertEquals(0, store.spaceUsage().segmentsWaitingForReaders(), "nothing holds the retired files");
        }
    }
}
