package io.pagekv.cli;

import io.pagekv.Store;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NavigableMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each command, run in-process on a sample store.
 */
class CommandsTest
{
    @TempDir
    Path tmp;

    private Path dir;
    private NavigableMap<byte[], byte[]> model;

    @BeforeEach
    void createStore()
    {
        dir = tmp.resolve("store");
        model = SampleStores.create(dir, 500, 2);
    }

    @Test
    void infoShowsFormatCommitsSegmentsAndFiles()
    {
        final Cli.Result result = ok("info", dir.toString());
        final String text = result.text();
        assertTrue(text.contains("format         version 1, page size 4096 B, segment size 64.0 MiB"), text);
        assertTrue(text.contains("last commit    txn 1 at "), text);
        assertTrue(text.contains("checkpoint     txn 1"), text);
        assertTrue(text.contains("entries        502"), text);
        assertTrue(text.contains("tree depth     2"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("  seg-000000 +64\\.0 MiB +16384 pages +\\d+ written +\\d+ live")), text);
        assertTrue(text.contains("files on disk  64.1 MiB in 3 files: lock 64.0 KiB, meta 8.0 KiB, seg-000000 64.0 MiB"), text);
        assertTrue(text.contains("check          clean"), text);
    }

    @Test
    void infoAsJson()
    {
        final String json = ok("info", dir.toString(), "--json").text();
        assertTrue(json.startsWith("{\n  \"dir\": "), json);
        assertTrue(json.contains("\"entries\": 502,"), json);
        assertTrue(json.contains("\"file\": \"seg-000000\","), json);
        assertTrue(json.contains("\"problemCount\": 0\n}"), json);
    }

    @Test
    void getPrintsTheValueInEachFormat()
    {
        final byte[] value = model.get(SampleStores.bytes("k00042"));
        assertEquals(KeyFormat.TEXT.encode(value) + "\n", ok("get", dir.toString(), "k00042").text());
        assertEquals(KeyFormat.HEX.encode(value) + "\n", ok("get", dir.toString(), "6b3030303432", "--format", "hex").text());
        assertEquals(KeyFormat.BASE64.encode(value) + "\n", ok("get", dir.toString(), "azAwMDQy", "-f", "base64").text());
        assertEquals(KeyFormat.JSON.encode(value) + "\n", ok("get", dir.toString(), "\"k00042\"", "--format", "JSON").text());
    }

    @Test
    void inputFormatLetsArgumentsDifferFromOutput()
    {
        final byte[] value = model.get(SampleStores.bytes("k00042"));
        assertEquals(KeyFormat.JSON.encode(value) + "\n", ok("get", dir.toString(), "k00042", "--format", "json", "--input-format", "text").text());
        assertEquals(List.of("6b3030303130", "6b3030303131"),
            ok("scan", dir.toString(), "--prefix", "k0001", "-n", "2", "-k", "-f", "hex", "--input-format", "text").text().lines().toList());
        final Cli.Result hint = Cli.run("get", dir.toString(), "k00042", "--format", "hex");
        assertEquals(ExitCodes.USAGE, hint.status());
        assertTrue(hint.err().startsWith("pagekv: KEY 'k00042' is not valid hex: not a hex digit at position 0 " +
            "(to type it as text, add --input-format text)"), hint::toString);
    }

    @Test
    void getWritesRawBytesToAFile() throws IOException
    {
        final Path out = tmp.resolve("large.bin");
        assertEquals("", ok("get", dir.toString(), "zlarge1", "--output", out.toString()).text());
        assertArrayEquals(model.get(SampleStores.bytes("zlarge1")), Files.readAllBytes(out));
    }

    @Test
    void getOfAMissingKeyExitsOne()
    {
        final Cli.Result result = Cli.run("get", dir.toString(), "nope\\x00");
        assertEquals(ExitCodes.NOT_FOUND, result.status());
        assertEquals("pagekv: key 'nope\\x00' not found in " + dir, result.errLine());
    }

    @Test
    void putTakesTheValueFromTheArgumentAFileOrStandardInput() throws IOException
    {
        ok("put", dir.toString(), "new\\x01", "v\\x00v");
        final Path file = tmp.resolve("value.bin");
        Files.write(file, new byte[]{1, 2, 3});
        ok("put", dir.toString(), "from-file", "--file", file.toString());
        assertEquals(0, Cli.withInput(new byte[]{9, 8}, "put", dir.toString(), "from-stdin", "--stdin").status());
        ok("put", dir.toString(), "00ff", "", "--format", "hex");
        try (Store store = Store.openReadOnly(dir))
        {
            assertArrayEquals(new byte[]{'v', 0, 'v'}, store.get(new byte[]{'n', 'e', 'w', 1}));
            assertArrayEquals(new byte[]{1, 2, 3}, store.get(SampleStores.bytes("from-file")));
            assertArrayEquals(new byte[]{9, 8}, store.get(SampleStores.bytes("from-stdin")));
            assertArrayEquals(new byte[0], store.get(new byte[]{0, (byte)0xFF}));
        }
    }

    @Test
    void putCreatesAStoreInAMissingDirectory()
    {
        final Path fresh = tmp.resolve("fresh");
        ok("put", fresh.toString(), "a", "1");
        assertEquals("1\n", ok("get", fresh.toString(), "a").text());
    }

    @Test
    void putNeedsExactlyOneValue()
    {
        assertEquals(ExitCodes.USAGE, Cli.run("put", dir.toString(), "a").status());
        assertEquals(ExitCodes.USAGE, Cli.run("put", dir.toString(), "a", "b", "--stdin").status());
    }

    @Test
    void deleteRemovesAndReportsMissingKeys()
    {
        ok("delete", dir.toString(), "k00001");
        final Cli.Result again = Cli.run("delete", dir.toString(), "k00001");
        assertEquals(ExitCodes.NOT_FOUND, again.status());
        assertEquals("pagekv: key 'k00001' not found in " + dir, again.errLine());
        assertEquals(ExitCodes.NOT_FOUND, Cli.run("get", dir.toString(), "k00001").status());
    }

    @Test
    void scanPrintsKeyTabValueLinesInOrder()
    {
        final List<String> lines = ok("scan", dir.toString(), "--limit", "3").text().lines().toList();
        assertEquals(3, lines.size());
        assertEquals("k00000\t" + KeyFormat.TEXT.encode(model.firstEntry().getValue()), lines.get(0));
        assertTrue(lines.get(2).startsWith("k00002\t"));
    }

    @Test
    void scanNarrowsByPrefixFromAndTo()
    {
        assertEquals(List.of("k00010", "k00011", "k00012"),
            ok("scan", dir.toString(), "--prefix", "k0001", "--from", "k00010", "--to", "k00013", "--keys-only").text().lines().toList());
        assertEquals(List.of("k00019", "k00018"), ok("scan", dir.toString(), "-p", "k0001", "-r", "-k", "-n", "2").text().lines().toList());
        assertEquals("10\n", ok("scan", dir.toString(), "--prefix", "k0001", "--count").text());
        assertEquals("502\n", ok("scan", dir.toString(), "--count").text());
        assertEquals("2\n", ok("scan", dir.toString(), "--from", "zlarge", "--count").text());
        assertEquals("0\n", ok("scan", dir.toString(), "--prefix", "nothing", "--count").text());
    }

    @Test
    void scanAsJsonLines()
    {
        final String line = ok("scan", dir.toString(), "--format", "json", "--limit", "1").text().strip();
        assertEquals("{\"key\":\"k00000\",\"value\":" + KeyFormat.JSON.encode(model.firstEntry().getValue()) + "}", line);
        assertEquals("{\"key\":\"k00000\"}", ok("scan", dir.toString(), "--format", "json", "-n", "1", "-k").text().strip());
    }

    @Test
    void scanRefusesContradictoryOptions()
    {
        assertEquals(ExitCodes.USAGE, Cli.run("scan", dir.toString(), "--count", "--keys-only").status());
        assertEquals(ExitCodes.USAGE, Cli.run("scan", dir.toString(), "--limit", "-1").status());
    }

    @Test
    void dumpToAFileSaysWhatItWrote() throws IOException
    {
        final Path file = tmp.resolve("out.dump");
        final Cli.Result result = ok("dump", dir.toString(), file.toString());
        assertTrue(result.text().startsWith("dumped 502 entries of " + dir + " (txn 1) to " + file), result::toString);
        final List<String> lines = Files.readAllLines(file);
        assertEquals("pagekv-dump 1 format=text page-size=4096 entries=502", lines.get(0));
        assertEquals("end 502", lines.get(lines.size() - 1));
        assertEquals(504, lines.size());
    }

    @Test
    void statsCountsPagesByTypeAndSizes()
    {
        final String text = ok("stats", dir.toString()).text();
        assertTrue(text.startsWith("stats of " + dir + " at txn 1: 502 entries, page size 4096 B"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("  leaf +\\d+ +.*")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("  overflow +10 +40\\.0 KiB +.*")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("  keys +502 +.* +6 B +6 B +7 B")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("  \\[4 B, 8 B\\) +502  #+")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("  \\[16 KiB, 32 KiB\\) +2  #")), text);
        final String json = ok("stats", dir.toString(), "--json").text();
        assertTrue(json.contains("\"overflow\": 10,"), json);
        assertTrue(json.contains("\"from\": 16384,\n      \"below\": 32768,\n      \"count\": 2"), json);
    }

    @Test
    void demoBuildsVerifiesAndSuggests()
    {
        final Path demo = tmp.resolve("demo");
        final Cli.Result result = ok("demo", demo.toString());
        final String text = result.text();
        assertTrue(text.contains("load     121,004 entries"), text);
        assertTrue(text.contains("all found"), text);
        assertTrue(text.contains("entries        121004"), text);
        assertTrue(text.contains("result: clean, no problems"), text);
        assertTrue(text.contains("pagekv get " + demo + " user:000042"), text);
        assertEquals("", result.err());
        assertEquals(ExitCodes.USAGE, Cli.run("demo", demo.toString()).status(), "a second demo into the same store");
    }

    @Test
    void demoWithoutDirectoryUsesANewTemporaryOne() throws IOException
    {
        final String text = ok("demo").text();
        final String first = text.lines().findFirst().orElseThrow();
        final Path used = Path.of(first.substring(first.lastIndexOf(' ') + 1));
        assertTrue(Files.exists(used.resolve("meta")), first);
        TempDirs.delete(used);
    }

    @Test
    void progressStaysOffWhenNotInteractive()
    {
        final Cli.Result result = Cli.run("verify", dir.toString());
        assertEquals("", result.err());
        final Cli.Result interactive = Cli.interactive("verify", dir.toString());
        assertTrue(interactive.err().isEmpty() || interactive.err().endsWith("\r"), "a drawn line is erased at the end");
    }

    private static Cli.Result ok(final String... args)
    {
        final Cli.Result result = Cli.run(args);
        assertEquals(ExitCodes.OK, result.status(), result::toString);
        return result;
    }
}
