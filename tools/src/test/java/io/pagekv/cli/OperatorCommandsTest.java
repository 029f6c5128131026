package io.pagekv.cli;

import io.pagekv.Snapshot;
import io.pagekv.Store;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands operators of mdb_*, ldb and bbolt reach for: batch, range deletes, load modes,
 * JSON output of data, waiting for the writer lock, shell completion.
 */
class OperatorCommandsTest
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
    void batchRunsPutsDeletesAndGetsInOneTransaction()
    {
        final String operations = "# a comment\nput user:1 Ada Lovelace\nput user:2\tGrace\nget user:1\n\ndelete k00000\nget k00000\n";
        final Cli.Result result = Cli.withInput(bytes(operations), "batch", dir.toString());
        assertEquals(ExitCodes.NOT_FOUND, result.status(), result::toString);
        assertEquals("Ada Lovelace\n", result.text());
        assertEquals("pagekv: standard input line 7: key 'k00000' not found in " + dir, result.errLine());
        try (Store store = Store.openReadOnly(dir))
        {
            assertEquals("Grace", new String(store.get(bytes("user:2")), StandardCharsets.UTF_8));
            assertNull(store.get(bytes("k00000")));
            assertEquals(1, store.info().lastTxnId() - 1, "one commit");
        }
    }

    @Test
    void badBatchLineWritesNothingOfItsTransaction()
    {
        final Cli.Result result = Cli.withInput(bytes("put a 1\nput b 2\nfrobnicate c\n"), "batch", dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, result.status(), result::toString);
        assertEquals("pagekv: standard input line 3: unknown operation 'frobnicate': put, delete or get; " +
            "nothing of this transaction was written", result.errLine());
        assertEquals(1, Cli.run("get", dir.toString(), "a").status());
    }

    @Test
    void batchCommitsEveryNWrites()
    {
        final StringBuilder operations = new StringBuilder();
        for (int i = 0; i < 10; i++)
        {
            operations.append("put b").append(i).append(" v\n");
        }
        assertEquals(0, Cli.withInput(bytes(operations.toString()), "batch", dir.toString(), "--commit-every", "3").status());
        try (Store store = Store.openReadOnly(dir))
        {
            assertEquals(1 + 4, store.info().lastTxnId(), "3 + 3 + 3 + 1");
        }
    }

    @Test
    void deleteARangeByPrefixOrBounds()
    {
        final Cli.Result prefix = Cli.run("delete", dir.toString(), "--prefix", "k0001");
        assertEquals(0, prefix.status(), prefix::toString);
        assertTrue(prefix.text().startsWith("deleted 10 entries from " + dir + " in txn "), prefix::toString);
        final Cli.Result bounds = Cli.run("delete", dir.toString(), "--from", "k00040", "--to", "k00045");
        assertEquals(0, bounds.status(), bounds::toString);
        assertTrue(bounds.text().startsWith("deleted 5 entries"), bounds::toString);
        assertEquals("35\n", Cli.run("scan", dir.toString(), "--count").text());
        assertEquals(ExitCodes.USAGE, Cli.run("delete", dir.toString(), "k00001", "--prefix", "k").status());
    }

    @Test
    void rangeDeleteOnATerminalAsksFirst()
    {
        final Cli.Result declined = Cli.run(bytes("n\n"), true, "delete", dir.toString(), "--prefix", "k0001");
        assertEquals("nothing deleted\n", declined.text(), declined::toString);
        assertTrue(declined.err().startsWith("delete 10 entries from " + dir + "? [y/N] "), declined::toString);
        final Cli.Result confirmed = Cli.run(bytes("y\n"), true, "delete", dir.toString(), "--prefix", "k0001");
        assertTrue(confirmed.text().startsWith("deleted 10 entries"), confirmed::toString);
    }

    @Test
    void loadNoOverwriteKeepsExistingEntriesAndClearReplacesEverything()
    {
        final byte[] dump = bytes("pagekv-dump 1 format=text\nk00001\tnew\nnew-key\tnew\nend 2\n");
        final Cli.Result kept = Cli.withInput(dump, "load", dir.toString(), "--no-overwrite");
        assertEquals(0, kept.status(), kept::toString);
        assertTrue(kept.text().contains("loaded 1 entries") && kept.text().contains("kept 1 existing entries"), kept::toString);
        assertTrue(!Cli.run("get", dir.toString(), "k00001").text().equals("new\n"));
        assertEquals("new\n", Cli.run("get", dir.toString(), "new-key").text());

        final Cli.Result cleared = Cli.withInput(dump, "load", dir.toString(), "--clear");
        assertEquals(0, cleared.status(), cleared::toString);
        assertTrue(cleared.text().contains("in 1 commit: ") && cleared.text().contains("deleted the 51 entries it held before"), cleared::toString);
        assertEquals("k00001\tnew\nnew-key\tnew\n", Cli.run("scan", dir.toString()).text());
    }

    @Test
    void getScanAndDumpPrintJsonThatParses() throws Exception
    {
        final List<String> documents = new ArrayList<>();
        documents.add(Cli.run("get", dir.toString(), "k00001", "--json").text());
        documents.add(Cli.run("info", dir.toString(), "--json").text());
        documents.add(Cli.run("verify", dir.toString(), "--json").text());
        documents.add(Cli.run("stats", dir.toString(), "--json").text());
        for (final String document : documents)
        {
            assertEquals(0, jsonTool(document, false), document);
        }
        final String scan = Cli.run("scan", dir.toString(), "--json", "--limit", "3").text();
        assertEquals(3, scan.lines().count());
        assertTrue(scan.startsWith("{\"key\":\"k00000\",\"value\":"), scan);
        assertEquals(0, jsonTool(scan, true), scan);
        final String dump = Cli.run("dump", dir.toString(), "--json").text();
        assertEquals(50, dump.lines().count());
        assertEquals(0, jsonTool(dump, true), dump);
        assertEquals(Cli.run("scan", dir.toString(), "--format", "json").text(), dump);
    }

    @Test
    void waitTakesTheWriterLockOnceItIsFree() throws Exception
    {
        final Cli.Result locked;
        try (Store holder = Store.open(dir))
        {
            locked = Cli.run("put", dir.toString(), "k", "v", "--wait=200ms");
            assertEquals(ExitCodes.LOCKED, locked.status(), locked::toString);
        }
        final Store holder = Store.open(dir);
        final CompletableFuture<Void> release = CompletableFuture.runAsync(() ->
        {
            try
            {
                Thread.sleep(500);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            holder.close();
        });
        final Cli.Result waited = Cli.run("put", dir.toString(), "k", "v", "--wait");
        release.get(10, TimeUnit.SECONDS);
        assertEquals(0, waited.status(), waited::toString);
        assertEquals(ExitCodes.USAGE, Cli.run("put", dir.toString(), "k", "v", "--wait=soon").status());
    }

    @Test
    void benchRunsTheBenchWorkloadsAndRemovesItsStore() throws Exception
    {
        final Path scratch = tmp.resolve("bench");
        final Cli.Result result = Cli.run("bench", scratch.toString(), "--count", "300");
        assertEquals(0, result.status(), result::toString);
        final List<String> lines = result.text().lines().toList();
        assertEquals("bench of " + scratch + ": 300 entries of 100 B values", lines.get(0));
        for (final String workload : List.of("writeBatch", "readRandom", "readSeq", "writeSync"))
        {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("  " + workload + " ")), result::toString);
        }
        assertTrue(!Files.exists(scratch), "the scratch store is removed");
        assertEquals(0, jsonTool(Cli.run("bench", scratch.toString(), "--count", "50", "--json").text(), false));
        assertEquals(ExitCodes.USAGE, Cli.run("bench", dir.toString()).status(), "never on an existing store");
    }

    @Test
    void shellRunsCommandsOnItsStoreInOneProcess()
    {
        final String lines = "get k00001 --format hex --input-format text\nput 'a key' \"a value\"\n\nget 'a key'\n" +
            "scan -n 1 --keys-only\nfrobnicate\nget missing\nexit\nget k00002\n";
        final Cli.Result result = Cli.withInput(bytes(lines), "shell", dir.toString(), "--history", tmp.resolve("history").toString());
        assertEquals(0, result.status(), result::toString);
        try (Store store = Store.openReadOnly(dir))
        {
            assertEquals(KeyFormat.HEX.encode(store.get(bytes("k00001"))) + "\na value\na key\n", result.text());
        }
        assertEquals("pagekv: 'frobnicate': the shell runs batch, delete, dump, get, info, load, put, scan, stats, verify, help and exit\n" +
            "pagekv: key 'missing' not found in " + dir + "\n", result.err());
    }

    @Test
    void completionScriptIsGenerated()
    {
        final Cli.Result result = Cli.run("generate-completion");
        assertEquals(0, result.status(), result::toString);
        assertTrue(result.text().contains("complete -F _complete_pagekv"), result.text());
        assertTrue(result.text().contains("batch"), "new commands complete too");
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

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
