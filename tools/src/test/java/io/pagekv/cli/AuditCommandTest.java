package io.pagekv.cli;

import io.pagekv.Store;
import io.pagekv.audit.AuditContext;
import io.pagekv.audit.AuditSinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditCommandTest
{
    @TempDir
    Path tmp;

    private Path loggedStore(final int puts)
    {
        final Path dir = tmp.resolve("s");
        try (Store store = Store.open(dir))
        {
            store.addAuditHook(AuditSinks.durableLog());
            try (AuditContext.Scope scope = AuditContext.of("ops", "cli-1").open())
            {
                for (int i = 0; i < puts; i++)
                {
                    store.put(("k" + i).getBytes(StandardCharsets.UTF_8), new byte[]{(byte)i});
                }
            }
        }
        return dir;
    }

    @Test
    void verifyIsCleanThenNamesAnEditedRecord() throws Exception
    {
        final Path dir = loggedStore(3);
        final Cli.Result clean = Cli.run("audit", "verify", dir.toString());
        assertEquals(ExitCodes.OK, clean.status(), clean::toString);
        assertTrue(clean.text().contains("7 good records"), clean::toString);
        assertTrue(clean.text().contains("agrees with the store at txn 3"), clean::toString);
        final Path file = dir.resolve("audit").resolve("audit-000000.log");
        final byte[] bytes = Files.readAllBytes(file);
        final int secondRecord = 64 + java.nio.ByteBuffer.wrap(bytes, 64, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        bytes[secondRecord + 20] ^= 1;
        Files.write(file, bytes);
        final Cli.Result edited = Cli.run("audit", "verify", dir.toString());
        assertEquals(ExitCodes.CORRUPT, edited.status(), edited::toString);
        assertTrue(edited.errLine().contains("audit-000000.log at offset " + secondRecord + " (record #1)"), edited::toString);
        assertTrue(edited.text().contains("1 good records"), edited::toString);
    }

    @Test
    void withoutALogOrAStoreItSaysSo() throws Exception
    {
        final Path dir = tmp.resolve("plain");
        try (Store store = Store.open(dir))
        {
            store.put(new byte[]{1}, new byte[]{2});
        }
        final Cli.Result noLog = Cli.run("audit", "verify", dir.toString());
        assertEquals(ExitCodes.NO_STORE, noLog.status(), noLog::toString);
        assertTrue(noLog.errLine().contains("no audit log"), noLog::toString);
        assertEquals(ExitCodes.NO_STORE, Cli.run("audit", "tail", dir.toString(), "--follow").status());
        assertEquals(ExitCodes.NO_STORE, Cli.run("audit", "verify", tmp.resolve("missing").toString()).status());
        assertEquals(ExitCodes.USAGE, Cli.run("audit", "check", dir.toString()).status());
    }

    @Test
    void tailPrintsTheNewestRecords()
    {
        final Path dir = loggedStore(5);
        final Cli.Result tail = Cli.run("audit", "tail", dir.toString(), "-n", "3");
        assertEquals(ExitCodes.OK, tail.status(), tail::toString);
        final String[] lines = tail.text().split("\n");
        assertEquals(3, lines.length, tail::toString);
        assertTrue(lines[0].contains(" PUT txn=5 key=6b34 value=1 principal=ops request=cli-1"), lines[0]);
        assertTrue(lines[1].contains(" COMMIT txn=5 puts=1 deletes=0"), lines[1]);
        assertTrue(lines[2].contains(" CLOSE txn=5"), lines[2]);
    }

    @Test
    void tailFollowsTheWriterFromAnotherProcess() throws Exception
    {
        final Path dir = tmp.resolve("live");
        try (Store store = Store.open(dir))
        {
            store.addAuditHook(AuditSinks.liveTail());
            store.put("first".getBytes(StandardCharsets.UTF_8), new byte[1]);
            final Process tail = new ProcessBuilder(ChildCli.command(List.of("-Xmx128m"), "audit", "tail", dir.toString(), "--follow",
                "--max-events", "6")).redirectErrorStream(true).start();
            try
            {
                // The child maps the feed and then sees what is written from now on: write until it has seen enough.
                final List<String> lines = new ArrayList<>();
                final Thread reader = new Thread(() ->
                {
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(tail.getInputStream(), StandardCharsets.UTF_8)))
                    {
                        for (String line = in.readLine(); line != null; line = in.readLine())
                        {
                            synchronized (lines)
                            {
                                lines.add(line);
                            }
                        }
                    }
                    catch (final java.io.IOException ignored)
                    {
                        // The child ended.
                    }
                });
                reader.start();
                for (int i = 0; tail.isAlive() && i < 600; i++)
                {
                    store.put(("live-" + i).getBytes(StandardCharsets.UTF_8), new byte[3]);
                    Thread.sleep(50);
                }
                assertTrue(tail.waitFor(30, TimeUnit.SECONDS), "the tailer stopped after six events");
                reader.join();
                assertEquals(0, tail.exitValue(), lines::toString);
                assertEquals(6, lines.size(), lines::toString);
                assertTrue(lines.get(0).contains(" PUT txn=") && lines.get(0).contains("key=" + java.util.HexFormat.of().formatHex("live-".getBytes(StandardCharsets.UTF_8))), lines::toString);
                assertTrue(lines.get(1).contains(" COMMIT txn="), lines::toString);
            }
            finally
            {
                tail.destroyForcibly();
            }
        }
    }
}
