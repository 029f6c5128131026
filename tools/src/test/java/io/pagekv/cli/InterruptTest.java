package io.pagekv.cli;

import io.pagekv.Cursor;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.VerifyReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Ctrl-C (SIGINT) or SIGTERM during {@code cat dump | pagekv load}: the load says what it
 * committed and how to resume, exits 130, leaves a store that verifies and holds a prefix of
 * the dump, and leaves no copy of its input in the temporary directory.
 */
class InterruptTest
{
    private static final int ENTRIES = 20_000;

    @TempDir
    Path tmp;

    @Test
    void ctrlCDuringLoadReportsTheCommittedPrefixAndExits130() throws Exception
    {
        // A process started in the background of a non-interactive shell ('mvn verify &') ignores
        // SIGINT from the start, and so do its children: the JVM then installs no handler for it.
        assumeFalse(sigintIgnored(), "SIGINT is ignored in this process and its children (started in the background of a shell)");
        interruptedLoadReportsItsPrefix("INT");
    }

    /**
     * @return whether this process ignores SIGINT (bit 1 of {@code SigIgn} in
     * {@code /proc/self/status}); false where the file does not say.
     */
    private static boolean sigintIgnored() throws IOException
    {
        final Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status))
        {
            return false;
        }
        for (final String line : Files.readAllLines(status))
        {
            if (line.startsWith("SigIgn:"))
            {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    @Test
    void sigtermDuringLoadReportsTheCommittedPrefixAndExits130() throws Exception
    {
        interruptedLoadReportsItsPrefix("TERM");
    }

    private void interruptedLoadReportsItsPrefix(final String signal) throws Exception
    {
        final Path dir = tmp.resolve("store");
        final Path spoolDir = Files.createDirectory(tmp.resolve("tmpdir"));
        final Process process = start(spoolDir, "load", dir.toString(), "--batch", "1000");
        final CompletableFuture<String> err = drain(process.getErrorStream());
        drain(process.getInputStream());
        final OutputStream in = process.getOutputStream();
        in.write("pagekv-dump 1 format=text\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < ENTRIES; i++)
        {
            in.write(String.format("k%06d\tv%d\n", i, i).getBytes(StandardCharsets.US_ASCII));
        }
        in.flush();
        awaitCount(dir, ENTRIES);

        signal(process, signal);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the load ends");
        assertEquals(ExitCodes.INTERRUPTED, process.exitValue(), err::join);
        assertEquals("pagekv: interrupted: the first " + ENTRIES + " entries of standard input are committed in " + dir +
            " (txn " + ENTRIES / 1000 + ", last key 'k019999'); to resume: feed the same dump to 'pagekv load " + dir +
            " --skip " + ENTRIES + "'", err.join().strip());
        try (Store store = Store.openReadOnly(dir); Snapshot snapshot = store.snapshot(); Cursor cursor = snapshot.range(null, null))
        {
            final VerifyReport report = store.verify();
            assertTrue(report.isClean(), report.problems()::toString);
            int i = 0;
            while (cursor.next())
            {
                assertEquals(String.format("k%06d", i++), new String(cursor.keyBytes(), StandardCharsets.US_ASCII));
            }
            assertEquals(ENTRIES, i, "a prefix of the dump");
        }
        assertEmpty(spoolDir);
    }

    @Test
    void interruptedLoadIntoAnExistingStoreFromStandardInputLeavesNoCopyAndNoChange() throws Exception
    {
        final Path dir = tmp.resolve("existing");
        assertEquals(0, Cli.run("put", dir.toString(), "kept", "v").status());
        final Path spoolDir = Files.createDirectory(tmp.resolve("tmpdir"));
        final Process process = start(spoolDir, "load", dir.toString());
        final CompletableFuture<String> err = drain(process.getErrorStream());
        drain(process.getInputStream());
        final OutputStream in = process.getOutputStream();
        in.write("pagekv-dump 1 format=text\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < ENTRIES; i++)
        {
            in.write(String.format("secret%06d\tv\n", i).getBytes(StandardCharsets.US_ASCII));
        }
        in.flush();
        Thread.sleep(1000);
        assertEmpty(spoolDir);

        signal(process, "TERM");
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the load ends");
        assertEquals(ExitCodes.INTERRUPTED, process.exitValue(), err::join);
        assertEquals("pagekv: interrupted before the first commit: nothing was written to " + dir, err.join().strip());
        assertEmpty(spoolDir);
        try (Store store = Store.openReadOnly(dir); Snapshot snapshot = store.snapshot())
        {
            assertEquals(1, snapshot.count());
        }
    }

    @Test
    void loadKilledAtRandomMomentsLeavesAStoreThatVerifiesAndHoldsAPrefix() throws Exception
    {
        final Path dump = tmp.resolve("kill.dump");
        final StringBuilder text = new StringBuilder("pagekv-dump 1 format=text\n");
        for (int i = 0; i < 200_000; i++)
        {
            text.append(String.format("k%07d\tvalue %d\n", i, i));
        }
        Files.writeString(dump, text.append("end 200000\n"), StandardCharsets.US_ASCII);
        final long seed = Long.getLong("pagekv.kill.seed", System.nanoTime());
        final java.util.Random random = new java.util.Random(seed);
        for (int round = 0; round < 3; round++)
        {
            final Path dir = tmp.resolve("killed-" + round);
            final Process process = new ProcessBuilder(ChildCli.command(List.of(), "load", dir.toString(), dump.toString(),
                "--batch", "500")).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(400 + random.nextInt(1200));
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            if (!Files.exists(dir.resolve("meta")))
            {
                continue;
            }
            try (Store store = Store.openReadOnly(dir); Snapshot snapshot = store.snapshot(); Cursor cursor = snapshot.range(null, null))
            {
                final VerifyReport report = store.verify();
                assertTrue(report.isClean(), () -> "seed " + seed + ": " + report.problems());
                int i = 0;
                while (cursor.next())
                {
                    assertEquals(String.format("k%07d", i++), new String(cursor.keyBytes(), StandardCharsets.US_ASCII), "seed " + seed);
                }
                assertEquals(0, i % 500, "seed " + seed + ": whole batches");
            }
        }
    }

    private static Process start(final Path spoolDir, final String... args) throws IOException
    {
        return new ProcessBuilder(ChildCli.command(List.of("-Djava.io.tmpdir=" + spoolDir), args)).start();
    }

    private static void signal(final Process process, final String signal) throws Exception
    {
        // Not Process.destroy(): it closes the streams that the test still reads.
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor());
    }

    private static void awaitCount(final Path dir, final long count) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline)
        {
            if (Files.exists(dir.resolve("meta")))
            {
                try (Store store = Store.openReadOnly(dir); Snapshot snapshot = store.snapshot())
                {
                    if (snapshot.count() >= count)
                    {
                        return;
                    }
                }
                catch (final RuntimeException notYet)
                {
                    // The store is being created.
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the load did not commit " + count + " entries in time");
    }

    private static void assertEmpty(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(List.of(), files.toList(), "no copy of the input in the temporary directory");
        }
    }

    private static CompletableFuture<String> drain(final InputStream in)
    {
        return CompletableFuture.supplyAsync(() ->
        {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (in)
            {
                in.transferTo(bytes);
            }
            catch (final IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
            return bytes.toString(StandardCharsets.UTF_8);
        });
    }
}
