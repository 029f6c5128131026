package io.pagekv.compat;

import io.pagekv.CompactionPolicy;
import io.pagekv.CompactionReport;
import io.pagekv.Cursor;
import io.pagekv.StoreOptions;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.VerifyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The format-compatibility guard: {@code src/test/resources/compat/v1} holds a store written by
 * the build before the foundation refactor ({@link FixtureWriter}: 32 commits over 14 segments,
 * inline and overflow values, deletes) and its expected contents. Every later build must read it
 * exactly, verify it clean, and keep writing it; a new format version must still read it or refuse
 * it with a clear message. The fixture is never regenerated.
 */
class FormatCompatibilityTest
{
    private static final Path FIXTURE = Path.of("src", "test", "resources", "compat", "v1");
    private static final long LAST_TXN = 32;

    @TempDir
    Path tmp;

    @Test
    void readOnlyOpenReadsTheFixtureExactly() throws IOException
    {
        final Path dir = copyOfFixture();
        final TreeMap<String, byte[]> expected = expected();
        try (Store store = Store.openReadOnly(dir))
        {
            assertEquals(LAST_TXN, store.info().lastTxnId());
            assertContents(store, expected);
            final VerifyReport report = store.verify();
            assertTrue(report.isClean(), report.toString());
        }
    }

    @Test
    void writableOpenReadsTheFixtureAndKeepsWritingIt() throws IOException
    {
        final Path dir = copyOfFixture();
        final TreeMap<String, byte[]> expected = expected();
        try (Store store = Store.open(dir, StoreOptions.defaults().withCompaction(CompactionPolicy.off())))
        {
            assertEquals(LAST_TXN, store.info().lastTxnId());
            assertContents(store, expected);
            final String first = expected.firstKey();
            store.delete(HexFormat.of().parseHex(first));
            expected.remove(first);
            final byte[] key = "added-after-upgrade".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            final byte[] value = new byte[9000];
            java.util.Arrays.fill(value, (byte)7);
            store.put(key, value);
            expected.put(HexFormat.of().formatHex(key), value);
            assertTrue(store.verify().isClean());
        }
        try (Store store = Store.openReadOnly(dir))
        {
            assertEquals(LAST_TXN + 2, store.info().lastTxnId());
            assertContents(store, expected);
            assertTrue(store.verify().isClean());
        }
    }

    /**
     * The fixture's leaves predate the leaf flag "names no overflow run" (decision 45): without it
     * a leaf may name runs, so a whole compaction moves the fixture's runs out of every segment
     * it retires, and the store reads the same afterwards and after a reopen.
     */
    @Test
    void compactionMovesTheRunsOfLeavesWrittenBeforeTheRunFlag() throws IOException
    {
        final Path dir = copyOfFixture();
        final TreeMap<String, byte[]> expected = expected();
        try (Store store = Store.open(dir, StoreOptions.defaults().withCompaction(CompactionPolicy.off())))
        {
            final CompactionReport report = store.compact();
            assertTrue(report.segmentsRetired() > 0, report.toString());
            assertContents(store, expected);
            assertTrue(store.verify().isClean());
        }
        try (Store store = Store.openReadOnly(dir))
        {
            assertContents(store, expected);
            final VerifyReport report = store.verify();
            assertTrue(report.isClean(), report.toString());
        }
    }

    private static void assertContents(final Store store, final TreeMap<String, byte[]> expected)
    {
        final HexFormat hex = HexFormat.of();
        for (final Map.Entry<String, byte[]> entry : expected.entrySet())
        {
            assertArrayEquals(entry.getValue(), store.get(hex.parseHex(entry.getKey())), entry.getKey());
        }
        final List<String> scanned = new ArrayList<>();
        try (Snapshot snap = store.snapshot(); Cursor all = snap.range(null, null))
        {
            while (all.next())
            {
                final byte[] key = new byte[all.key().capacity()];
                all.key().getBytes(0, key);
                final byte[] value = new byte[all.value().capacity()];
                all.value().getBytes(0, value);
                final String name = hex.formatHex(key);
                assertArrayEquals(expected.get(name), value, name);
                scanned.add(name);
            }
            assertEquals(expected.size(), snap.count());
        }
        assertEquals(new ArrayList<>(expected.keySet()), scanned);
    }

    private Path copyOfFixture() throws IOException
    {
        final Path dir = tmp.resolve("store");
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(FIXTURE.resolve("store")))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        return dir;
    }

    private static TreeMap<String, byte[]> expected() throws IOException
    {
        final TreeMap<String, byte[]> expected = new TreeMap<>();
        for (final String line : Files.readAllLines(FIXTURE.resolve("expected.txt")))
        {
            final int space = line.indexOf(' ');
            expected.put(line.substring(0, space), HexFormat.of().parseHex(line.substring(space + 1)));
        }
        return expected;
    }
}
