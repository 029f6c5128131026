package io.pagekv.cli;

import io.pagekv.Durability;
import io.pagekv.ExportRefusedException;
import io.pagekv.SharedExport;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pagekv stats --watch} reads the live counters beside a writer without opening the store;
 * {@code pagekv export} prints a descriptor and keeps the export alive for its hold.
 */
class LiveCommandsTest
{
    @TempDir
    Path dir;

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long counter(final String json, final String label)
    {
        final Matcher m = Pattern.compile("\"label\": \"" + label + "\",\\s*\"value\": (-?\\d+)").matcher(json);
        assertTrue(m.find(), "no counter '" + label + "' in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void watchJsonGivesOneSampleOfTheRunningWritersCounters()
    {
        try (Store store = Store.open(dir, StoreOptions.defaults().withDurability(Durability.ASYNC)))
        {
            for (int i = 0; i < 12; i++)
            {
                store.put(bytes("k" + i), bytes("v"));
            }
            final Cli.Result result = Cli.run("stats", dir.toString(), "--watch", "--json");
            assertEquals(ExitCodes.OK, result.status(), result.toString());
            assertEquals(12, counter(result.text(), "commits"), result.text());
            assertTrue(result.text().contains("\"writerOpen\": true"), result.text());
            assertEquals(12, counter(result.text(), "head txn"), result.text());
            store.put(bytes("one"), bytes("more"));
            assertEquals(13, counter(Cli.run("stats", dir.toString(), "--watch", "--json").text(), "commits"));
        }
    }

    @Test
    void watchPrintsATablePerSampleAndTheLastValuesOfAClosedStore()
    {
        try (Store store = Store.open(dir))
        {
            store.put(bytes("a"), bytes("b"));
        }
        final Cli.Result result = Cli.run("stats", dir.toString(), "--watch", "--samples", "2", "--interval", "10ms");
        assertEquals(ExitCodes.OK, result.status(), result.toString());
        assertEquals(2, result.text().split("live counters of", -1).length - 1, result.text());
        assertTrue(result.text().contains("no writer has it open"), result.text());
        assertTrue(Pattern.compile("\\s1\\s+commits").matcher(result.text()).find(), result.text());
    }

    @Test
    void watchOnADirectoryNoWriterOpenedSaysSo(@TempDir final Path empty)
    {
        final Cli.Result result = Cli.run("stats", empty.toString(), "--watch");
        assertEquals(ExitCodes.NO_STORE, result.status(), result.toString());
        assertTrue(result.errLine().contains("no lock file"), result.toString());
    }

    @Test
    void exportPrintsADescriptorAndRemovesTheExportWhenTheHoldEnds() throws Exception
    {
        try (Store store = Store.open(dir))
        {
            store.put(bytes("k"), bytes("held value"));
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Streams streams = new Streams(new ByteArrayInputStream(new byte[0]), out, new PrintStream(err, true, StandardCharsets.UTF_8), false);
        final CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() ->
            Main.run(streams, "export", dir.toString(), "k", "--route", "shm", "--hold", "3s"));
        String descriptor = "";
        for (int i = 0; i < 200 && !descriptor.endsWith("\n"); i++)
        {
            Thread.sleep(25);
            descriptor = out.toString(StandardCharsets.UTF_8);
        }
        assertTrue(descriptor.startsWith("{\"version\":1,\"route\":\"shm\""), descriptor + err);
        final byte[] seen = new byte[10];
        SharedExport.attach(descriptor.strip()).getBytes(0, seen);
        assertArrayEquals(bytes("held value"), seen, "the export is alive during the hold");
        assertEquals(ExitCodes.OK, run.get());
        final String printed = descriptor.strip();
        assertThrows(ExportRefusedException.class, () -> SharedExport.attach(printed), "the export is gone when the hold ends");
        final String name = printed.replaceAll(".*\"name\":\"([^\"]+)\".*\\s*", "$1");
        assertFalse(Files.exists(Path.of("/dev/shm", name)));
    }

    @Test
    void exportOfAnAbsentKeyExitsNotFoundAndABadRouteIsAUsageError()
    {
        try (Store store = Store.open(dir))
        {
            store.put(bytes("k"), bytes("v"));
        }
        assertEquals(ExitCodes.NOT_FOUND, Cli.run("export", dir.toString(), "absent", "--hold", "1ms").status());
        assertEquals(ExitCodes.USAGE, Cli.run("export", dir.toString(), "k", "--route", "pigeon").status());
        final Cli.Result inline = Cli.run("export", dir.toString(), "k", "--route", "mapped", "--hold", "1ms");
        assertTrue(inline.status() != ExitCodes.OK && inline.errLine().contains("inline"), inline.toString());
    }
}
