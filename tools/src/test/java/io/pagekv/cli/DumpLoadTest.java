package io.pagekv.cli;

import io.pagekv.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * load takes well-formed dumps and refuses every malformed one with its line, leaving the
 * target as it was: a new store is not created, an existing one is not changed.
 */
class DumpLoadTest
{
    private static final String HEADER = "pagekv-dump 1 format=text\n";

    @TempDir
    Path tmp;

    static Stream<Arguments> badDumps()
    {
        return Stream.of(
            Arguments.of("", "standard input is empty: not a pagekv dump"),
            Arguments.of("hello\n", "standard input line 1: not a pagekv dump: expected 'pagekv-dump 1 format=...', found 'hello'"),
            Arguments.of("pagekv-dump 3 format=text\nend 0\n", "line 1: dump format version '3', this pagekv reads versions 1 and 2"),
            Arguments.of("pagekv-dump 1\nend 0\n", "line 1: the header has no format=... field"),
            Arguments.of("pagekv-dump 1 format=xml\nend 0\n", "line 1: unknown format 'xml'"),
            Arguments.of("pagekv-dump 1 format=text entries=x\nend 0\n", "line 1: entries=x is not a number"),
            Arguments.of(HEADER + "a\t1\nno tab here\nend 2\n", "standard input line 3: expected KEY<TAB>VALUE or 'end COUNT', found 'no tab here'"),
            Arguments.of(HEADER + "a\t1\t2\nend 1\n", "line 2: more than one tab"),
            Arguments.of(HEADER + "a\t1\tpatchable\nend 1\n", "line 2: more than one tab"),
            Arguments.of("pagekv-dump 2 format=text\na\t1\tcounter\nend 1\n",
                "line 2: after the value: expected 'patchable' or the end of the line, found 'counter'"),
            Arguments.of("pagekv-dump 2 format=text\na\t1\tpatchable\tpatchable\nend 1\n",
                "line 2: after the value: expected 'patchable' or the end of the line, found 'patchable\\x09patchable'"),
            Arguments.of(HEADER + "a\\q\t1\nend 1\n", "line 2: key is not valid text: bad escape at position 1"),
            Arguments.of(HEADER + "a\t\\x4\nend 1\n", "line 2: value is not valid text: bad escape"),
            Arguments.of("pagekv-dump 1 format=hex\n61\tzz\nend 1\n", "line 2: value is not valid hex"),
            Arguments.of(HEADER + "\tvalue\nend 1\n", "line 2: the key is empty"),
            Arguments.of(HEADER + "a\t1\nb\t2\n", "line 4: the dump stops after 2 entries without its 'end' line: it is truncated"),
            Arguments.of(HEADER + "a\t1\nb\t2\nend 3\n", "line 4: the 'end' line says 3 entries, the dump holds 2"),
            Arguments.of("pagekv-dump 1 format=text entries=5\na\t1\nend 1\n", "line 3: the header says 5 entries, the dump holds 1"),
            Arguments.of(HEADER + "a\t1\nend 1\nb\t2\n", "line 4: text after the 'end' line: 'b\\x092'"),
            Arguments.of(HEADER + "a\t1\n" + "k".repeat(999) + "\t1\nend 2\n", "line 3: key of 999 bytes is too large: keys are 1 to 998 bytes"),
            Arguments.of(HEADER + "a\t\u00ff\u00fe\nend 1\n", "not UTF-8 text"));
    }

    @ParameterizedTest
    @MethodSource("badDumps")
    void badDumpCreatesNoStore(final String dump, final String message)
    {
        final Path target = tmp.resolve("new");
        final Cli.Result result = Cli.withInput(bytes(dump), "load", target.toString(), "--batch", "1");
        assertEquals(ExitCodes.BAD_INPUT, result.status(), result::toString);
        assertTrue(result.errLine().startsWith("pagekv: "), result::toString);
        assertTrue(result.errLine().contains(message), result::toString);
        assertEquals(1, result.err().lines().count(), "one line");
        assertFalse(Files.exists(target), "no store is left behind");
    }

    @ParameterizedTest
    @MethodSource("badDumps")
    void badDumpLeavesAnExistingStoreUnchanged(final String dump, final String message) throws IOException
    {
        final Path store = tmp.resolve("existing");
        SampleStores.create(store, 50, 1);
        final byte[] before = Cli.run("dump", store.toString()).out();
        final Path file = tmp.resolve("bad.dump");
        Files.write(file, bytes(dump));
        final Cli.Result result = Cli.run("load", store.toString(), file.toString(), "--batch", "1");
        assertEquals(ExitCodes.BAD_INPUT, result.status(), result::toString);
        assertTrue(result.errLine().contains(message.replace("standard input", file.toString())), result::toString);
        assertArrayEquals(before, Cli.run("dump", store.toString()).out(), "store changed");
        try (Store opened = Store.openReadOnly(store))
        {
            assertEquals(1, opened.info().lastTxnId(), "no commit was made");
        }
    }

    @Test
    void badLineAfterManyBatchesFromStandardInputLeavesAnExistingStoreUnchanged() throws IOException
    {
        final Path store = tmp.resolve("existing");
        SampleStores.create(store, 10, 0);
        final StringBuilder dump = new StringBuilder(HEADER);
        for (int i = 0; i < 100; i++)
        {
            dump.append("new").append(i).append("\tv\n");
        }
        dump.append("broken\n");
        final Cli.Result result = Cli.withInput(bytes(dump.toString()), "load", store.toString(), "--batch", "3");
        assertEquals(ExitCodes.BAD_INPUT, result.status(), result::toString);
        assertTrue(result.errLine().contains("standard input line 102: expected KEY<TAB>VALUE"), result::toString);
        assertEquals("10\n", Cli.run("scan", store.toString(), "--count").text());
    }

    @Test
    void badLineAfterManyBatchesRemovesTheNewStore()
    {
        final Path target = tmp.resolve("new");
        final StringBuilder dump = new StringBuilder(HEADER);
        for (int i = 0; i < 100; i++)
        {
            dump.append("k").append(i).append("\tv\n");
        }
        final Cli.Result result = Cli.withInput(bytes(dump.toString()), "load", target.toString(), "--batch", "3");
        assertEquals(ExitCodes.BAD_INPUT, result.status(), result::toString);
        assertTrue(result.errLine().contains("truncated"), result::toString);
        assertFalse(Files.exists(target));
    }

    @Test
    void badDumpIntoAnEmptyDirectoryKeepsTheDirectoryEmpty() throws IOException
    {
        final Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertEquals(ExitCodes.BAD_INPUT, Cli.withInput(bytes(HEADER), "load", empty.toString()).status());
        try (Stream<Path> files = Files.list(empty))
        {
            assertEquals(0, files.count());
        }
    }

    @Test
    void loadCommitsInBatchesAndReplacesExistingKeys()
    {
        final Path store = tmp.resolve("existing");
        SampleStores.create(store, 10, 0);
        final String dump = HEADER + "k00001\tnew\nk00002\t\nx\\x00y\tz\nend 3\n";
        final Cli.Result result = Cli.withInput(bytes(dump), "load", store.toString(), "--batch", "2");
        assertEquals(0, result.status(), result::toString);
        assertTrue(result.text().startsWith("loaded 3 entries into " + store + " in 2 commits: "), result::toString);
        assertEquals("new\n", Cli.run("get", store.toString(), "k00001").text());
        assertEquals("\n", Cli.run("get", store.toString(), "k00002").text());
        assertEquals("z\n", Cli.run("get", store.toString(), "x\\x00y").text());
        assertEquals("11\n", Cli.run("scan", store.toString(), "--count").text());
    }

    @Test
    void loadTakesWindowsLineEndingsAndCreatesTheDumpsPageSize()
    {
        final Path target = tmp.resolve("new");
        final String dump = "pagekv-dump 1 format=base64 page-size=8192 entries=1 future-field=ignored\r\nYQ==\tYg==\r\nend 1\r\n";
        assertEquals(0, Cli.withInput(bytes(dump), "load", target.toString()).status());
        try (Store store = Store.openReadOnly(target))
        {
            assertEquals(8192, store.pageSize());
            assertArrayEquals(bytes("b"), store.get(bytes("a")));
        }
    }

    @Test
    void invalidPageSizeInTheHeaderIsBadInput()
    {
        final Cli.Result result = Cli.withInput(bytes("pagekv-dump 1 format=text page-size=1000\nend 0\n"), "load", tmp.resolve("n").toString());
        assertEquals(ExitCodes.BAD_INPUT, result.status(), result::toString);
        assertTrue(result.errLine().contains("line 1: page size 1000 is not a power of two"), result::toString);
    }

    @Test
    void aPatchableValueIsMarkedInBothDumpFormsAndLoadedPatchable()
    {
        final Path source = tmp.resolve("counters");
        try (Store store = Store.open(source))
        {
            store.putPatchable(bytes("hits"), new byte[8]);
            store.put(bytes("name"), bytes("shop"));
            store.addAndGet(bytes("hits"), 0, 41);
        }
        final Cli.Result dump = Cli.run("dump", source.toString(), "--format", "hex");
        assertEquals(0, dump.status(), dump::toString);
        assertEquals("pagekv-dump 2 format=hex page-size=4096 entries=2\n" +
            "68697473\t2900000000000000\tpatchable\n" +
            "6e616d65\t73686f70\n" +
            "end 2\n", new String(dump.out(), StandardCharsets.UTF_8));
        final Cli.Result json = Cli.run("dump", source.toString(), "--json");
        assertEquals("{\"key\":\"hits\",\"value\":\")\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\",\"patchable\":true}\n" +
            "{\"key\":\"name\",\"value\":\"shop\"}\n", new String(json.out(), StandardCharsets.UTF_8));
        assertEquals(json.text(), Cli.run("scan", source.toString(), "--json").text(), "scan --json marks it as dump --json does");
        assertEquals(json.text(), Cli.run("scan", source.toString(), "--format", "json").text());
        assertEquals("{\"key\":\"hits\"}\n{\"key\":\"name\"}\n", Cli.run("scan", source.toString(), "--json", "--keys-only").text(),
            "a key alone carries no mark");
        assertEquals(json.text().lines().findFirst().orElseThrow() + "\n", Cli.run("get", source.toString(), "hits", "--json").text());
        assertEquals("{\"key\":\"name\",\"value\":\"shop\"}\n", Cli.run("get", source.toString(), "name", "--json").text());
        assertEquals(ExitCodes.NOT_FOUND, Cli.run("get", source.toString(), "hit", "--json").status(), "a key before an existing one is not found");
        final Path copy = tmp.resolve("copy");
        final Cli.Result load = Cli.withInput(dump.out(), "load", copy.toString());
        assertEquals(0, load.status(), load::toString);
        try (Store store = Store.open(copy))
        {
            assertEquals(42, store.addAndGet(bytes("hits"), 0, 1), "the loaded counter did not count on");
        }
    }

    @Test
    void emptyStoreDumpsAndLoads()
    {
        final Path empty = tmp.resolve("empty");
        Cli.withInput(bytes(HEADER + "end 0\n"), "load", empty.toString());
        assertEquals("pagekv-dump 1 format=text page-size=4096 entries=0\nend 0\n", Cli.run("dump", empty.toString()).text());
    }

    @Test
    void loadIntoADirectoryOfOtherFilesIsRefused() throws IOException
    {
        final Path other = Files.createDirectory(tmp.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        final Cli.Result result = Cli.withInput(bytes(HEADER + "end 0\n"), "load", other.toString());
        assertEquals(ExitCodes.NO_STORE, result.status(), result::toString);
        assertEquals(1, Files.list(other).count());
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
