package io.pagekv.cli;

import io.pagekv.Store;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pagekv pages} and {@code pagekv page} show pages as they lie on disk, a damaged one
 * included, and {@code pagekv info} names the writer lock's holder.
 */
class InspectCommandsTest
{
    @TempDir
    Path tmp;
    private Path dir;
    private Path segment;

    @BeforeEach
    void createStore()
    {
        dir = tmp.resolve("store");
        segment = dir.resolve("seg-000000");
        SampleStores.create(dir, 500, 2);
    }

    @Test
    void pagesListsEveryPageWithItsHeaderAndCrc() throws Exception
    {
        final Cli.Result result = ok("pages", dir.toString());
        final List<String> lines = result.text().lines().toList();
        assertTrue(lines.get(0).matches("PAGE +TYPE +TXN +COUNT +AUX1 +AUX2 +PAGES +CRC"), lines.get(0));
        assertTrue(lines.get(1).matches("0:0 +segment-header +0 +0 +0 +0 +1  ok"), lines.get(1));
        assertTrue(lines.get(2).matches("0:1 +commit +0 +0 +0 +0 +1  ok"), lines.get(2));
        assertTrue(lines.get(3).matches("0:2 +commit +1 +0 +\\d+ +\\d+ +1  ok"), lines.get(3));
        assertTrue(lines.stream().anyMatch(l -> l.matches("0:\\d+ +overflow +1 +0 +5 +20000 +5  ok")), result.text());
        assertTrue(lines.stream().anyMatch(l -> l.matches("0:\\d+ +branch +1 .*")), result.text());
        final List<SegmentPages.Page> onDisk = SegmentPages.read(segment, 4096);
        assertEquals(onDisk.size() + 3, lines.size(), "header line, segment header, every page, summary");
        assertEquals(onDisk.size() + 1 + " page(s) in 1 segment(s), all CRCs ok", lines.get(lines.size() - 1));
    }

    @Test
    void pagesAsJsonLines() throws Exception
    {
        final String json = ok("pages", dir.toString(), "--json").text();
        final List<String> lines = json.lines().toList();
        assertEquals("{\"page\":\"0:0\",\"pageId\":0,\"segment\":0,\"index\":0,\"type\":\"segment-header\",\"txnId\":0," +
            "\"count\":0,\"aux1\":0,\"aux2\":0,\"pages\":1,\"crcOk\":true,\"idOk\":true}", lines.get(0));
        assertTrue(lines.stream().allMatch(l -> l.contains("\"crcOk\":true")), json);
        assertEquals(0, jsonTool(json, true));
    }

    @Test
    void pagesOfOneSegmentAndOfOneThatIsNot()
    {
        assertEquals(ok("pages", dir.toString()).text(), ok("pages", dir.toString(), "--segment", "0").text());
        final Cli.Result missing = Cli.run("pages", dir.toString(), "--segment", "3");
        assertEquals(ExitCodes.USAGE, missing.status(), missing::toString);
        assertTrue(missing.err().contains("--segment 3: " + dir + " has segments [0]"), missing::toString);
    }

    @Test
    void damagedPageIsListedAsBadAndDecodedWithItsProblem() throws Exception
    {
        final SegmentPages.Page leaf = SegmentPages.first(SegmentPages.read(segment, 4096), SegmentPages.LEAF, 1);
        SegmentPages.flipBit(segment, (long)leaf.index() * 4096 + 2048);
        final Cli.Result pages = ok("pages", dir.toString());
        assertTrue(pages.text().lines().anyMatch(l -> l.matches("0:" + leaf.index() + " +leaf +1 .*  BAD")), pages.text());
        assertTrue(pages.text().endsWith(" 1 damaged: run 'pagekv verify " + dir + "'\n"), pages.text());
        final Cli.Result page = ok("page", dir.toString(), "0:" + leaf.index());
        assertTrue(page.text().contains("  CRC32C           0x"), page.text());
        assertTrue(page.text().lines().anyMatch(l -> l.matches("  CRC32C +0x\\p{XDigit}{8} stored, 0x\\p{XDigit}{8} computed: BAD")), page.text());
        assertTrue(page.text().contains("problems\n  CRC32C 0x"), page.text());
    }

    @Test
    void pageShowsALeafWithItsEntriesInTheChosenFormat()
    {
        final SegmentPages.Page leaf = SegmentPages.first(readQuietly(), SegmentPages.LEAF, 1);
        final String text = ok("page", dir.toString(), "0:" + leaf.index()).text();
        assertTrue(text.startsWith("page 0:" + leaf.index() + " (id " + leaf.index() + ") in " + segment + " at offset " +
            leaf.index() * 4096L + "\n"), text);
        assertTrue(text.contains("\n  page type        2 (leaf)\n"), text);
        assertTrue(text.contains("\n  txn id           1\n"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("  aux1 +\\d+ \\(bytes used\\)")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches(" +0 +\\d+  0 \\(inline\\) +100  - +k00000")), text);
        final String hex = ok("page", dir.toString(), Long.toString(leaf.index()), "--format", "hex").text();
        assertTrue(hex.lines().anyMatch(l -> l.matches(" +0 +\\d+  0 \\(inline\\) +100  - +6b3030303030")), hex);
    }

    @Test
    void pageShowsABranchsChildren()
    {
        final SegmentPages.Page branch = SegmentPages.first(readQuietly(), SegmentPages.BRANCH, 1);
        final String text = ok("page", dir.toString(), "0:" + branch.index()).text();
        assertTrue(text.contains("branch children ("), text);
        assertTrue(text.lines().anyMatch(l -> l.matches(" +0 +- +0:\\d+ +\\(the first\\)")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches(" +1 +\\d+ +0:\\d+ +k\\d{5}")), text);
    }

    @Test
    void pageShowsCommitAndSegmentHeaderFieldsAndAHexDump()
    {
        final String commit = ok("page", dir.toString(), "0:2").text();
        assertTrue(commit.contains("commit record\n  root page id     0:"), commit);
        assertTrue(commit.contains("\n  previous record  0:1\n"), commit);
        assertTrue(commit.contains("\n  tree depth       2\n  entry count      502\n"), commit);
        final String header = ok("page", dir.toString(), "0:0", "--hex").text();
        assertTrue(header.contains("segment header\n  magic            0x53564b50 (PKVS)\n"), header);
        assertTrue(header.contains("\n  page size        4096\n"), header);
        assertTrue(header.contains("bytes\n00000000  05 00 00 00 "), header);
        assertTrue(header.contains("\n*\n00001000\n"), header);
    }

    @Test
    void pageAsJson() throws Exception
    {
        final SegmentPages.Page leaf = SegmentPages.first(readQuietly(), SegmentPages.LEAF, 1);
        final String json = ok("page", dir.toString(), "0:" + leaf.index(), "--json", "--hex").text();
        assertTrue(json.contains("\"type\": \"leaf\""), json);
        assertTrue(json.contains("\"key\": \"k00000\""), json);
        assertTrue(json.contains("\"crcOk\": true"), json);
        assertTrue(json.contains("\"hex\": \"02"), json);
        assertEquals(0, jsonTool(json, false));
        assertEquals(0, jsonTool(ok("page", dir.toString(), "0:2", "--json").text(), false));
        assertEquals(0, jsonTool(ok("page", dir.toString(), "0:0", "--json").text(), false));
    }

    @Test
    void pageIdThatIsNoPageIsAUsageError()
    {
        final Cli.Result garbage = Cli.run("page", dir.toString(), "zero");
        assertEquals(ExitCodes.USAGE, garbage.status(), garbage::toString);
        assertTrue(garbage.err().contains("'zero' is not a page id: give SEGMENT:INDEX"), garbage::toString);
        final Cli.Result segmentMissing = Cli.run("page", dir.toString(), "4:1");
        assertEquals(ExitCodes.USAGE, segmentMissing.status(), segmentMissing::toString);
        assertTrue(segmentMissing.err().contains("ID 4:1 is not a page of " + dir + ": the store has no segment 4"), segmentMissing::toString);
        final String unwritten = ok("page", dir.toString(), "0:16383").text();
        assertTrue(unwritten.contains("\n  page type        0 (unwritten)\n"), unwritten);
        assertTrue(unwritten.contains("computed: unwritten\n  page id          0:0\n"), unwritten);
        final Cli.Result beyond = Cli.run("page", dir.toString(), "0:99999");
        assertEquals(ExitCodes.USAGE, beyond.status(), beyond::toString);
        assertTrue(beyond.err().contains("segment 0 has pages 0 to 16383, not 99999"), beyond::toString);
    }

    @Test
    void infoNamesTheWriterLockHolder() throws Exception
    {
        final long pid = ProcessHandle.current().pid();
        final String free = ok("info", dir.toString()).text();
        assertTrue(free.contains("\nwriter lock    free; last held by process " + pid + " since "), free);
        final String freeJson = ok("info", dir.toString(), "--json").text();
        assertTrue(freeJson.contains("\"writerLock\": {\n    \"pid\": " + pid + ",\n    \"since\": \""), freeJson);
        assertTrue(freeJson.contains("\"held\": false,\n    \"processAlive\": true\n  },"), freeJson);
        assertEquals(0, jsonTool(freeJson, false));
        try (Store writer = Store.open(dir))
        {
            final String held = ok("info", dir.toString()).text();
            assertTrue(held.contains("\nwriter lock    held by process " + pid + " since "), held);
            assertTrue(held.contains(" (running)\n"), held);
            assertTrue(ok("info", dir.toString(), "--json").text().contains("\"held\": true"));
        }
        Files.delete(dir.resolve("lock"));
        final String none = ok("info", dir.toString()).text();
        assertTrue(none.contains("\nwriter lock    none (the store was never opened for writing)\n"), none);
        assertTrue(ok("info", dir.toString(), "--json").text().contains("\"writerLock\": null,"));
    }

    private List<SegmentPages.Page> readQuietly()
    {
        try
        {
            return SegmentPages.read(segment, 4096);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static Cli.Result ok(final String... args)
    {
        final Cli.Result result = Cli.run(args);
        assertEquals(0, result.status(), result::toString);
        return result;
    }

    private int jsonTool(final String json, final boolean lines) throws Exception
    {
        final Path file = Files.writeString(Files.createTempFile(tmp, "out", ".json"), json);
        final List<String> command = new ArrayList<>(List.of("python3", "-m", "json.tool"));
        if (lines)
        {
            command.add("--json-lines");
        }
        command.add(file.toString());
        final Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return process.waitFor();
    }
}
