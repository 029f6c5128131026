package io.pagekv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Disk use follows the live data, not the write history: a random-overwrite workload that
 * writes 20 times its live volume, with the default compaction policy, keeps the segment files
 * within twice the live page bytes at every sample, and within 1.3 times after {@code compact()}.
 * Sizes, not times. The curve is printed.
 */
class SpaceBoundTest
{
    private static final int KEYS = 4000;
    private static final int VALUE = 300;

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
        return store.verify().segments().stream().mapToLong(VerifyReport.SegmentUsage::livePages).sum() * store.pageSize();
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
            final long liveAtStart = livePageBytes(store);
            long written = 0;
            double worst = 0;
            final StringBuilder curve = new StringBuilder("[space] written-bytes disk-bytes live-bytes ratio\n");
            for (int commit = 0; written < 20 * liveAtStart; commit++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    for (int i = 0; i < 200; i++)
                    {
                        final byte[] value = new byte[VALUE];
                        random.nextBytes(value);
                        txn.put(key(random.nextInt(KEYS)), value);
                        written += VALUE;
                    }
                    txn.commit();
                }
                if (commit % 10 == 0)
                {
                    final long disk = segmentFileBytes();
                    final long live = livePageBytes(store);
                    final double ratio = (double)disk / live;
                    worst = Math.max(worst, ratio);
                    curve.append(String.format("[space] %d %d %d %.2f%n", written, disk, live, ratio));
                    assertTrue(ratio <= 2.0, curve + "disk " + disk + " is over twice the live " + live);
                }
            }
            store.compact();
            // Retired files go at the next commit once no older snapshot is open.
            store.put(key(0), new byte[VALUE]);
            final long disk = segmentFileBytes();
            final long live = livePageBytes(store);
            curve.append(String.format("[space] after compact(): disk %d live %d ratio %.2f; worst ratio before %.2f%n",
                disk, live, (double)disk / live, worst));
            System.out.print(curve);
            assertTrue(disk <= 1.3 * live, curve.toString());
            TestStores.assertClean(store);
        }
    }
}
