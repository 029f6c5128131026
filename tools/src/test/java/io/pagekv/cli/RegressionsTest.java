package io.pagekv.cli;

import io.pagekv.Store;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bugs found by trying the tool as an operator would (issue 18), one test each.
 */
class RegressionsTest
{
    @TempDir
    Path tmp;
    private Path dir;

    @BeforeEach
    void createStore()
    {
        dir = tmp.resolve("store");
        SampleStores.create(dir, 50, 0);
    }

    @Test
    void fifoAsASegmentOrMetaIsRefusedInsteadOfHanging() throws Exception
    {
        for (final String name : List.of("seg-000000", "meta"))
        {
            final Path copy = tmp.resolve("fifo-" + name);
            SampleStores.create(copy, 5, 0);
            Files.delete(copy.resolve(name));
            assertEquals(0, new ProcessBuilder("mkfifo", copy.resolve(name).toString()).start().waitFor());
            for (final String command : List.of("info", "verify", "scan"))
            {
                final Cli.Result result = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Cli.run(command, copy.toString()));
                assertEquals(ExitCodes.CORRUPT, result.status(), result::toString);
                assertTrue(result.err().contains(copy.resolve(name) + ": it is a pipe, socket or device, not a regular file"), result::toString);
            }
            final Cli.Result put = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Cli.run("put", copy.toString(), "k", "v"));
            assertEquals(ExitCodes.CORRUPT, put.status(), put::toString);
        }
    }

    @Test
    void progressFollowsStandardErrorAndTheOptionsOverrideIt()
    {
        assertTrue(Terminals.isTerminalDevice("/dev/pts/3"));
        assertFalse(Terminals.isTerminalDevice("pipe:[12345]"));
        final byte[] dump = bigDump(400_000);
        final Cli.Result forced = Cli.run(dump, false, "load", tmp.resolve("forced").toString(), "--progress");
        assertEquals(0, forced.status(), forced::toString);
        assertTrue(forced.err().contains("\rloading: "), "--progress draws on a pipe");
        final Cli.Result silenced = Cli.run(dump, true, "--no-progress", "load", tmp.resolve("silenced").toString());
        assertEquals(0, silenced.status(), silenced::toString);
        assertEquals("", silenced.err(), "--no-progress keeps a terminal quiet");
    }

    @Test
    void getToDashWritesRawBytesToStandardOutput()
    {
        final Cli.Result result = Cli.run("get", dir.toString(), "k00001", "-o", "-");
        assertEquals(0, result.status(), result::toString);
        assertFalse(Files.exists(Path.of("-")), "no file named '-'");
        try (Store store = Store.openReadOnly(dir))
        {
            assertArrayEquals(store.get("k00001".getBytes(StandardCharsets.US_ASCII)), result.out());
        }
    }

    @Test
    void keysOnlyJsonScanPrintsObjects()
    {
        final Cli.Result result = Cli.run("scan", dir.toString(), "-k", "--format", "json", "-n", "2");
        assertEquals("{\"key\":\"k00000\"}\n{\"key\":\"k00001\"}\n", result.text());
    }

    @Test
    void invertedRangeIsRefused()
    {
        final Cli.Result result = Cli.run("scan", dir.toString(), "--from", "k00040", "--to", "k00010");
        assertEquals(ExitCodes.USAGE, result.status(), result::toString);
        assertTrue(result.err().startsWith("pagekv: --from 'k00040' is not before --to 'k00010': the range [from, to) holds no key"),
            result::toString);
    }

    @Test
    void invalidPageSizeIsBadInputIntoAnExistingStoreToo()
    {
        final Cli.Result result = Cli.withInput("pagekv-dump 1 format=text page-size=1234\nend 0\n".getBytes(StandardCharsets.US_ASCII),
            "load", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, result.status(), result::toString);
        assertTrue(result.errLine().startsWith("pagekv: standard input line 1: page size 1234 is not a power of two"), result::toString);
    }

    @Test
    void infoAndVerifyJsonShareOneVocabulary()
    {
        final String info = Cli.run("info", dir.toString(), "--json").text();
        final String verify = Cli.run("verify", dir.toString(), "--json").text();
        final String stats = Cli.run("stats", dir.toString(), "--json").text();
        for (final String json : List.of(info, verify, stats))
        {
            assertTrue(json.contains("\"txnId\": "), json);
            assertFalse(json.contains("lastTxnId"), json);
            assertFalse(json.contains("\"depth\""), json);
        }
        assertTrue(info.contains("\"treeDepth\": ") && verify.contains("\"treeDepth\": "), info + verify);
    }

    @Test
    void javaTextStaysOutOfMessages()
    {
        final Cli.Result base64 = Cli.run("get", dir.toString(), "A", "--format", "base64");
        assertEquals(ExitCodes.USAGE, base64.status(), base64::toString);
        assertFalse(base64.err().contains("Input byte"), base64::toString);
        assertTrue(base64.err().startsWith("pagekv: KEY 'A' is not valid base64: base64 cut short"), base64::toString);
        final Cli.Result limit = Cli.run("scan", dir.toString(), "--limit", "abc");
        assertEquals(ExitCodes.USAGE, limit.status(), limit::toString);
        assertTrue(limit.err().startsWith("pagekv: Invalid value for option '--limit': 'abc' is not a whole number"), limit::toString);
    }

    @Test
    void ioErrorsNameTheFile() throws IOException
    {
        final Path directory = Files.createDirectory(tmp.resolve("a-directory"));
        final Cli.Result load = Cli.run("load", tmp.resolve("new").toString(), directory.toString());
        assertEquals(ExitCodes.IO_ERROR, load.status(), load::toString);
        assertEquals("pagekv: I/O error: " + directory + ": is a directory, not a dump", load.errLine());
        final Cli.Result dump = Cli.run("dump", dir.toString(), directory.toString());
        assertEquals(ExitCodes.IO_ERROR, dump.status(), dump::toString);
        assertTrue(dump.errLine().startsWith("pagekv: I/O error: " + directory + ": "), dump::toString);

        final OutputStream full = new OutputStream()
        {
            @Override
            public void write(final int b) throws IOException
            {
                throw new IOException("No space left on device");
            }
        };
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = Main.run(new Streams(new ByteArrayInputStream(new byte[0]), full,
            new PrintStream(err, true, StandardCharsets.UTF_8), false), "scan", dir.toString());
        assertEquals(ExitCodes.IO_ERROR, status);
        assertEquals("pagekv: I/O error: standard output: No space left on device", err.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void unknownCommandGetsOneMessageWhicheverWayItIsTyped()
    {
        final Cli.Result direct = Cli.run("sacn", dir.toString());
        final Cli.Result help = Cli.run("help", "sacn");
        assertEquals(ExitCodes.USAGE, direct.status());
        assertEquals(ExitCodes.USAGE, help.status());
        assertTrue(direct.err().startsWith("pagekv: unknown command 'sacn': the commands are demo, info, get"), direct::toString);
        assertEquals(direct.err(), help.err());
    }

    @Test
    void helpLinesFitEightyColumnsAndExamplesAreWhole()
    {
        for (final String command : List.of("demo", "info", "get", "put", "delete", "scan", "verify", "dump", "load", "stats", "batch", "bench", "shell"))
        {
            final String help = Cli.run(command, "--help").text();
            help.lines().forEach(line -> assertTrue(line.length() <= 80, command + ": " + line));
            final String examples = help.substring(help.indexOf("Example:\n") + "Example:\n".length());
            examples.lines().forEach(line -> assertTrue(line.startsWith("  pagekv ") || line.startsWith("  gunzip ") ||
                line.startsWith("  curl ") || line.startsWith("  printf "), command + " example cut: " + line));
        }
    }

    private static byte[] bigDump(final int entries)
    {
        final StringBuilder dump = new StringBuilder("pagekv-dump 1 format=text\n");
        for (int i = 0; i < entries; i++)
        {
            dump.append('k').append(i).append('\t').append(i).append('\n');
        }
        return dump.append("end ").append(entries).append('\n').toString().getBytes(StandardCharsets.US_ASCII);
    }
}
