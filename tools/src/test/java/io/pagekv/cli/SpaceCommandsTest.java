package io.pagekv.cli;

import io.pagekv.CompactionPolicy;
import io.pagekv.Durability;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.WriteTxn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pagekv compact} and {@code pagekv backup}: space comes back, contents stay, the copy is whole.
 */
class SpaceCommandsTest
{
    @TempDir
    Path tmp;

    private Path overwrittenStore() throws Exception
    {
        final Path dir = tmp.resolve("store");
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(64 << 10).withDurability(Durability.ASYNC)
            .withCompaction(CompactionPolicy.off());
        final SplittableRandom random = new SplittableRandom(11);
        try (Store store = Store.open(dir, options))
        {
            for (int c = 0; c < 40; c++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    for (int i = 0; i < 100; i++)
                    {
                        final byte[] value = new byte[150];
                        random.nextBytes(value);
                        txn.put(String.format("key-%04d", random.nextInt(800)).getBytes(StandardCharsets.US_ASCII), value);
                    }
                    txn.commit();
                }
            }
        }
        return dir;
    }

    private static byte[][] contents(final Path dir)
    {
        try (Store store = Store.openReadOnly(dir); Snapshot snap = store.snapshot(); io.pagekv.Cursor all = snap.range(null, null))
        {
            final java.util.List<byte[]> entries = new java.util.ArrayList<>();
            while (all.next())
            {
                entries.add(all.keyBytes());
                entries.add(all.valueBytes());
            }
            return entries.toArray(new byte[0][]);
        }
    }

    @Test
    void compactReclaimsSpaceAndKeepsEveryEntry() throws Exception
    {
        final Path dir = overwrittenStore();
        final byte[][] before = contents(dir);
        final long bytesBefore = storeBytes(dir);
        final Cli.Result result = Cli.run("compact", dir.toString(), "--json");
        assertEquals(ExitCodes.OK, result.status(), result.toString());
        assertTrue(result.text().contains("\"segmentsRetired\""), result.text());
        final long bytesAfter = storeBytes(dir);
        assertTrue(bytesAfter < bytesBefore / 2, bytesBefore + " -> " + bytesAfter);
        assertTrue(Arrays.deepEquals(before, contents(dir)), "compaction changed the contents");
        assertEquals(ExitCodes.OK, Cli.run("verify", dir.toString()).status());
    }

    @Test
    void offlineCompactSwapsInACompactCopy() throws Exception
    {
        final Path dir = overwrittenStore();
        final byte[][] before = contents(dir);
        final long bytesBefore = storeBytes(dir);
        final Cli.Result result = Cli.run("compact", dir.toString(), "--offline");
        assertEquals(ExitCodes.OK, result.status(), result.toString());
        assertTrue(result.text().contains("offline"), result.text());
        assertTrue(storeBytes(dir) < bytesBefore / 2);
        assertTrue(Arrays.deepEquals(before, contents(dir)), "offline compaction changed the contents");
        try (java.util.stream.Stream<Path> left = Files.list(tmp))
        {
            assertEquals(1, left.count(), "no copy is left beside the store");
        }
    }

    @Test
    void backupWritesAWholeCompactCopyAndNeverOverwrites() throws Exception
    {
        final Path dir = overwrittenStore();
        final Path target = tmp.resolve("copy");
        final Cli.Result result = Cli.run("backup", dir.toString(), target.toString());
        assertEquals(ExitCodes.OK, result.status(), result.toString());
        assertTrue(result.text().startsWith("backed up "), result.text());
        assertTrue(Arrays.deepEquals(contents(dir), contents(target)));
        assertTrue(storeBytes(target) < storeBytes(dir));
        assertEquals(ExitCodes.OK, Cli.run("verify", target.toString()).status());
        final Cli.Result again = Cli.run("backup", dir.toString(), target.toString());
        assertFalse(again.status() == ExitCodes.OK, "an existing target is refused");
        assertTrue(again.err().contains("exists"), again.err());
        assertArrayEquals(contents(dir)[0], contents(target)[0]);
        assertTrue(Files.isDirectory(target));
    }

    /** @return the bytes of a store's files (segment files are sparse: their length, not their blocks). */
    private static long storeBytes(final Path dir) throws java.io.IOException
    {
        try (java.util.stream.Stream<Path> files = Files.list(dir))
        {
            long bytes = 0;
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                if (io.pagekv.StoreFiles.isStoreFile(file.getFileName().toString()))
                {
                    bytes += Files.size(file);
                }
            }
            return bytes;
        }
    }
}
