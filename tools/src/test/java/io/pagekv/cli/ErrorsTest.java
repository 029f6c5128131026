package io.pagekv.cli;

import io.pagekv.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every bad input gets its documented exit status and one line on standard error; a stack
 * trace only with --verbose.
 */
class ErrorsTest
{
    private static final List<String> READ_COMMANDS = List.of("info", "verify", "stats", "dump", "scan");

    @TempDir
    Path tmp;

    @Test
    void missingDirectoryIsNoStore()
    {
        final Path missing = tmp.resolve("missing");
        for (final String command : READ_COMMANDS)
        {
            assertFails(ExitCodes.NO_STORE, "pagekv: no pagekv store at " + missing + ": no such directory", command, missing.toString());
        }
        assertFails(ExitCodes.NO_STORE, "pagekv: no pagekv store at " + missing + ": no such directory", "get", missing.toString(), "k");
        assertFails(ExitCodes.NO_STORE, "pagekv: no pagekv store at " + missing + ": no such directory", "delete", missing.toString(), "k");
    }

    @Test
    void fileIsNoStore() throws IOException
    {
        final Path file = Files.writeString(tmp.resolve("file.txt"), "hello");
        assertFails(ExitCodes.NO_STORE, "pagekv: no pagekv store at " + file + ": it is a file, not a store directory", "info", file.toString());
        assertFails(ExitCodes.NO_STORE, "pagekv: no pagekv store at " + file + ": it is a file, not a store directory", "put", file.toString(), "k", "v");
    }

    @Test
    void directoryOfOtherFilesIsNoStoreAndIsLeftAlone() throws IOException
    {
        final Path other = Files.createDirectory(tmp.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        assertFails(ExitCodes.NO_STORE, "pagekv: no pagekv store at " + other + ": the directory holds files but no 'meta' file", "info", other.toString());
        assertFails(ExitCodes.NO_STORE, "pagekv: no pagekv store at " + other + ": the directory holds files but no 'meta' file",
            "put", other.toString(), "k", "v");
        try (var files = Files.list(other))
        {
            assertEquals(1, files.count());
        }
    }

    @Test
    void emptyDirectoryIsNoStoreForReading() throws IOException
    {
        final Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertFails(ExitCodes.NO_STORE, "pagekv: no pagekv store at " + empty + ": the directory is empty", "scan", empty.toString());
    }

    @Test
    void metaFileThatIsNotAStoreIsCorrupt() throws IOException
    {
        final Path dir = Files.createDirectory(tmp.resolve("fake"));
        Files.writeString(dir.resolve("meta"), "not a superblock");
        final Cli.Result result = Cli.run("info", dir.toString());
        assertEquals(ExitCodes.CORRUPT, result.status(), result::toString);
        assertTrue(result.errLine().startsWith("pagekv: corrupt store: " + dir.resolve("meta") + " at offset 0: no valid superblock slot"), result::toString);
    }

    @Test
    void corruptPageFailsReadsWithItsPlace() throws IOException
    {
        final Path dir = tmp.resolve("store");
        SampleStores.create(dir, 500, 0);
        final Path segment = dir.resolve("seg-000000");
        final SegmentPages.Page leaf = SegmentPages.first(SegmentPages.read(segment, 4096), SegmentPages.LEAF, 1);
        SegmentPages.flipBit(segment, leaf.index() * 4096L + 500);
        final Cli.Result scan = Cli.run("scan", dir.toString(), "--keys-only");
        assertEquals(ExitCodes.CORRUPT, scan.status(), scan::toString);
        assertTrue(scan.errLine().startsWith("pagekv: corrupt store: page " + leaf.index() + " in " + segment + " at offset "), scan::toString);
        assertEquals(1, scan.err().lines().count());
        final Cli.Result info = Cli.run("info", dir.toString());
        assertEquals(ExitCodes.CORRUPT, info.status(), info::toString);
        assertTrue(info.text().contains("check          1 problem(s): run 'pagekv verify " + dir + "'"), info::toString);
        assertTrue(info.text().contains("\nsegments       not counted: corrupt store: page " + leaf.index() + " in " + segment), info::toString);
        final String json = Cli.run("info", dir.toString(), "--json").text();
        assertTrue(json.matches("(?s).*\"segments\": \\[\\s*\\],\\s*\"space\": null,.*"), json);
        assertEquals(ExitCodes.CORRUPT, Cli.run("stats", dir.toString()).status());
    }

    @Test
    void lockedStoreRefusesWritesAndServesReads()
    {
        final Path dir = tmp.resolve("store");
        SampleStores.create(dir, 100, 1);
        try (Store writer = Store.open(dir))
        {
            final Cli.Result put = Cli.run("put", dir.toString(), "k", "v");
            assertEquals(ExitCodes.LOCKED, put.status(), put::toString);
            assertTrue(put.errLine().startsWith("pagekv: store " + dir + " is locked for writing by another open Store in this process (pid " +
                ProcessHandle.current().pid() + ")"), put::toString);
            assertTrue(put.errLine().endsWith("(read commands still work: info, get, scan, dump, verify, stats)"), put::toString);
            assertEquals(ExitCodes.LOCKED, Cli.run("delete", dir.toString(), "k00001").status());
            assertEquals(ExitCodes.LOCKED, Cli.withInput("pagekv-dump 1 format=text\nend 0\n".getBytes(), "load", dir.toString()).status());
            for (final String command : READ_COMMANDS)
            {
                assertEquals(ExitCodes.OK, Cli.run(command, dir.toString()).status(), command);
            }
            assertEquals(ExitCodes.OK, Cli.run("get", dir.toString(), "k00001").status());
            writer.put(SampleStores.bytes("after"), SampleStores.bytes("reads"));
        }
        assertEquals("reads\n", Cli.run("get", dir.toString(), "after").text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"get", "delete", "put"})
    void oversizedKeyIsBadInputAndChangesNothing(final String command)
    {
        final Path dir = tmp.resolve("store");
        SampleStores.create(dir, 10, 0);
        final String key = "k".repeat(999);
        final Cli.Result result = command.equals("put") ? Cli.run(command, dir.toString(), key, "v") : Cli.run(command, dir.toString(), key);
        assertEquals(ExitCodes.BAD_INPUT, result.status(), result::toString);
        assertEquals("pagekv: key of 999 bytes is too large: keys are 1 to 998 bytes", result.errLine());
        assertEquals("10\n", Cli.run("scan", dir.toString(), "--count").text());
    }

    @Test
    void oversizedKeyIntoANewStoreLeavesNoStore()
    {
        final Path fresh = tmp.resolve("fresh");
        assertEquals(ExitCodes.BAD_INPUT, Cli.run("put", fresh.toString(), "k".repeat(999), "v").status());
        assertTrue(Files.notExists(fresh));
    }

    @Test
    void usageErrorsPointToHelp()
    {
        final Cli.Result unknown = Cli.run("scan", tmp.toString(), "--bogus");
        assertEquals(ExitCodes.USAGE, unknown.status());
        assertEquals(List.of("pagekv: Unknown option: '--bogus'", "Try 'pagekv scan --help' for more information."), unknown.err().lines().toList());
        final Cli.Result format = Cli.run("get", tmp.toString(), "k", "--format", "xml");
        assertEquals(ExitCodes.USAGE, format.status());
        assertEquals("pagekv: Invalid value for option '--format': unknown format 'xml': use text, hex, base64 or json", format.err().lines().findFirst().orElseThrow());
        final Cli.Result key = Cli.run("get", tmp.toString(), "zz", "--format", "hex");
        assertEquals(ExitCodes.USAGE, key.status());
        assertTrue(key.errLine().startsWith("pagekv: KEY 'zz' is not valid hex: not a hex digit at position 0"), key::toString);
        assertEquals(ExitCodes.USAGE, Cli.run().status());
        assertEquals(ExitCodes.USAGE, Cli.run("frobnicate").status());
    }

    @Test
    void verboseAddsTheStackTrace()
    {
        final Path missing = tmp.resolve("missing");
        final Cli.Result quiet = Cli.run("info", missing.toString());
        assertEquals(1, quiet.err().lines().count());
        for (final String[] args : List.of(new String[]{"info", missing.toString(), "--verbose"}, new String[]{"--verbose", "info", missing.toString()}))
        {
            final Cli.Result verbose = Cli.run(args);
            assertEquals(ExitCodes.NO_STORE, verbose.status());
            assertTrue(verbose.err().contains("io.pagekv.cli.NoStoreException: no pagekv store at"), verbose::toString);
            assertTrue(verbose.err().contains("\tat io.pagekv.cli."), verbose::toString);
        }
    }

    @Test
    void everyCommandExplainsItselfWithAnExample()
    {
        final Cli.Result top = Cli.run("--help");
        assertEquals(0, top.status());
        assertTrue(top.text().contains("Exit codes:"), top::toString);
        assertTrue(top.text().contains("  4     another process holds the store open for writing"), top::toString);
        for (final String command : List.of("demo", "info", "get", "put", "delete", "scan", "verify", "dump", "load", "stats", "batch", "bench", "shell"))
        {
            final Cli.Result help = Cli.run(command, "--help");
            assertEquals(0, help.status(), command);
            assertTrue(help.text().startsWith("Usage: pagekv " + command), help::toString);
            assertTrue(help.text().contains("Example:\n  pagekv " + command), help::toString);
            assertEquals(help.text(), Cli.run("help", command).text());
        }
    }

    @Test
    void versionNamesTheToolAndFormat()
    {
        final Cli.Result version = Cli.run("--version");
        assertEquals(0, version.status());
        assertTrue(version.text().startsWith("pagekv "), version::toString);
        assertTrue(version.text().contains("store format 1, Java "), version::toString);
    }

    @Test
    void directoryLeftByACreationCutShortIsCreatedAfreshByAWriteCommand() throws IOException
    {
        // What a crash or power loss during the creation of a store can leave (see LoadPowerLossProperties).
        final Path dir = Files.createDirectory(tmp.resolve("cut"));
        Files.createFile(dir.resolve("seg-000000"));
        Files.createFile(dir.resolve("meta.new"));
        assertFails(ExitCodes.NO_STORE, "pagekv: no pagekv store at " + dir + ": the directory holds store files but no 'meta' file: " +
            "a store's creation was cut short; a write command such as load creates the store there afresh", "info", dir.toString());
        final Cli.Result put = Cli.run("put", dir.toString(), "k", "v");
        assertEquals(ExitCodes.OK, put.status(), put::toString);
        final Cli.Result get = Cli.run("get", dir.toString(), "k");
        assertEquals(ExitCodes.OK, get.status(), get::toString);
        assertEquals("v", get.text().strip());
    }

    @Test
    void segmentsThatLostTheirMetaAreRefusedAndLeftAsTheyWere() throws IOException
    {
        final Path dir = tmp.resolve("lost-meta");
        try (Store store = Store.open(dir))
        {
            store.put("k".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "v".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        Files.delete(dir.resolve("meta"));
        final byte[] segment = Files.readAllBytes(dir.resolve("seg-000000"));
        assertFails(ExitCodes.CORRUPT, "pagekv: corrupt store: " + dir.resolve("meta") + ": meta file is missing but the directory holds " +
            "segment files; restore meta from a backup, or move the segments away to start afresh", "put", dir.toString(), "k2", "v2");
        assertTrue(java.util.Arrays.equals(segment, Files.readAllBytes(dir.resolve("seg-000000"))), "the segment is unchanged");
    }

    private static void assertFails(final int status, final String line, final String... args)
    {
        final Cli.Result result = Cli.run(args);
        assertEquals(status, result.status(), result::toString);
        assertEquals(line, result.errLine());
        assertEquals(1, result.err().lines().count(), result::toString);
    }
}
