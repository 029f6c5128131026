package io.pagekv.cli;

import io.pagekv.CompactionPolicy;
import io.pagekv.Durability;
import io.pagekv.Snapshot;
import io.pagekv.SpaceUsage;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.WriteTxn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pagekv compact} and {@code pagekv backup}: space comes back, contents stay, the copy is
 * whole; {@code pagekv info} shows where the space goes and who keeps it.
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

    @Test
    void infoShowsEachSegmentsLiveRatioAndTheSpaceAmplification() throws Exception
    {
        final Path dir = overwrittenStore();
        final SpaceUsage before = spaceUsage(dir);
        assertTrue(before.spaceAmplification() > 2, "40 overwriting commits without compaction: " + before);
        assertShowsSpace(dir, before);
        assertEquals(ExitCodes.OK, Cli.run("compact", dir.toString()).status());
        final SpaceUsage after = spaceUsage(dir);
        assertTrue(after.spaceAmplification() < before.spaceAmplification() / 2, before + " -> " + after);
        assertShowsSpace(dir, after);
    }

    @Test
    void infoListsTheReaderTableAndTheSegmentsAReaderKeeps() throws Exception
    {
        final Path dir = overwrittenStore();
        try (ChildSnapshotHolder reader = new ChildSnapshotHolder(dir))
        {
            try (Store writer = Store.open(dir, StoreOptions.defaults().withCompaction(CompactionPolicy.off())))
            {
                writer.compact();
                final String text = ok("info", dir.toString()).text();
                assertTrue(text.contains("\nreaders        2 registered in the reader table\n"), text);
                assertTrue(text.contains("\n  process " + reader.pid() + ": reads txn " + reader.pinnedTxn() + ", running, since "), text);
                assertTrue(text.contains("\n  process " + ProcessHandle.current().pid() + " (this process): no snapshot open, running, since "), text);
                final SpaceUsage kept = writer.spaceUsage();
                assertTrue(kept.segmentsWaitingForReaders() > 0, kept::toString);
                assertTrue(text.contains("; " + kept.segmentsWaitingForReaders() + " retired, to be deleted\n"), text);
                assertEquals(kept.segmentsWaitingForReaders(), text.lines().filter(l -> l.endsWith("  retired, to be deleted")).count(), text);
                final String json = ok("info", dir.toString(), "--json").text();
                assertTrue(json.contains("\"pid\": " + reader.pid() + ",\n      \"pinnedTxnId\": " + reader.pinnedTxn() + ",\n      \"alive\": true,"), json);
                assertTrue(json.contains("\"pinnedTxnId\": null,\n      \"alive\": true,"), "info's own slot: " + json);
                assertEquals((double)kept.segmentsWaitingForReaders(), numbers(json, "segmentsWaitingForReaders").get(0), json);
                reader.release();
                writer.put("after".getBytes(StandardCharsets.US_ASCII), new byte[1]);
                assertEquals(0, writer.spaceUsage().segmentsWaitingForReaders(), "the files go once the reader is gone");
            }
        }
        final String alone = ok("info", dir.toString()).text();
        assertTrue(alone.contains("\nreaders        1 registered in the reader table\n  process " + ProcessHandle.current().pid() + " (this process)"), alone);
        assertFalse(alone.contains("retired"), alone);
    }

    private static SpaceUsage spaceUsage(final Path dir)
    {
        try (Store store = Store.openReadOnly(dir))
        {
            return store.spaceUsage();
        }
    }

    /** Checks info's text and JSON against the usage the library measures. */
    private static void assertShowsSpace(final Path dir, final SpaceUsage expected) throws Exception
    {
        final String text = ok("info", dir.toString()).text();
        for (final SpaceUsage.SegmentSpace segment : expected.segments())
        {
            final String row = text.lines().filter(l -> l.startsWith("  " + segment.file() + " ")).findFirst().orElseThrow();
            assertTrue(row.matches("  " + segment.file() + " +[0-9.]+ KiB +" + segment.capacityPages() + " pages +" + segment.writtenPages() +
                " written +" + segment.livePages() + " live +" + String.format(Locale.ROOT, "%.1f", 100 * segment.liveRatio()) + "% live"), row);
        }
        assertTrue(text.contains(String.format(Locale.ROOT, "\nspace          amplification %.2f: ", expected.spaceAmplification())), text);
        final String json = ok("info", dir.toString(), "--json").text();
        assertEquals(List.of(expected.spaceAmplification()), numbers(json, "spaceAmplification"), json);
        assertEquals(List.of((double)expected.diskBytes()), numbers(json, "diskBytes"), json);
        assertEquals(expected.segments().stream().map(SpaceUsage.SegmentSpace::liveRatio).toList(), numbers(json, "liveRatio"), json);
        assertEquals(expected.segments().stream().map(s -> (double)s.livePages()).toList(), numbers(json, "livePages").subList(0, expected.segments().size()), json);
    }

    /** @return the values of every number property of that name, in document order. */
    private static List<Double> numbers(final String json, final String name)
    {
        final List<Double> found = new ArrayList<>();
        try (JsonParser parser = JsonStyle.parser(json))
        {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken())
            {
                if (token == JsonToken.PROPERTY_NAME && name.equals(parser.currentName()) && parser.nextToken().isNumeric())
                {
                    found.add(parser.getDoubleValue());
                }
            }
        }
        return found;
    }

    private static Cli.Result ok(final String... args)
    {
        final Cli.Result result = Cli.run(args);
        assertEquals(ExitCodes.OK, result.status(), result::toString);
        return result;
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
