package io.pagekv.crash;

import io.pagekv.Store;
import io.pagekv.TestStores;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Counters shared by processes: two read-only child JVMs add 1 to the same field of a patchable
 * value a million times each, while the writer holds the store open. No increment is lost, the
 * field is never torn, and the store verifies clean. With one child killed midway (SIGKILL), the
 * field equals the initial value plus the increments that completed (the killed one's last may
 * have landed without being counted: at most one more), and the store still verifies clean. And
 * while one process counts, the writer churns and compacts the store again and again: compaction
 * pins the counter's run (decision 19), so no increment is lost.
 */
@Tag("crash")
class CrossProcessCounterTest
{
    private static final long PER_CHILD = 1_000_000;
    private static final long INITIAL = 1L << 40;
    private static final int FIELD = 16;

    @TempDir
    Path tmp;

    @Test
    void twoProcessesCountToTwoMillion() throws IOException
    {
        final Path dir = tmp.resolve("store");
        try (Store writer = storeWithCounter(dir))
        {
            try (ChildJvm a = start(dir, "a"); ChildJvm b = start(dir, "b"))
            {
                Files.createFile(tmp.resolve("go"));
                assertEquals("done", a.nextLine(120_000), a.stderr());
                assertEquals("done", b.nextLine(120_000), b.stderr());
            }
            assertEquals(INITIAL + 2 * PER_CHILD, writer.getLong(key(), FIELD));
            assertEquals(INITIAL + 2 * PER_CHILD, java.nio.ByteBuffer.wrap(writer.get(key())).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getLong(FIELD), "a copy of the value reads the same field");
            TestStores.assertClean(writer);
        }
        try (Store reopened = Store.open(dir))
        {
            assertEquals(INITIAL + 2 * PER_CHILD, reopened.getLong(key(), FIELD));
            TestStores.assertClean(reopened);
        }
    }

    @Test
    void aKilledProcessLosesOnlyWhatItHadNotDone() throws Exception
    {
        final Path dir = tmp.resolve("store");
        try (Store writer = storeWithCounter(dir))
        {
            final long killedDone;
            try (ChildJvm a = start(dir, "a"); ChildJvm b = start(dir, "b"))
            {
                Files.createFile(tmp.resolve("go"));
                final UnsafeBuffer progress = mapProgress(tmp.resolve("b.progress"));
                final long killAt = PER_CHILD / 4 + System.nanoTime() % (PER_CHILD / 2);
                while (progress.getLongVolatile(0) < killAt)
                {
                    assertTrue(b.isAlive(), b::stderr);
                    Thread.sleep(1);
                }
                b.kill();
                killedDone = progress.getLongVolatile(0);
                assertEquals("done", a.nextLine(120_000), a.stderr());
            }
            final long field = writer.getLong(key(), FIELD);
            final long extra = field - INITIAL - PER_CHILD - killedDone;
            assertTrue(extra == 0 || extra == 1, "field " + field + " after " + killedDone +
                " counted increments of the killed process: " + extra + " more than completed");
            TestStores.assertClean(writer);
        }
        try (Store reopened = Store.open(dir))
        {
            TestStores.assertClean(reopened);
        }
    }

    @Test
    void compactionWhileAnotherProcessCountsLosesNothing() throws Exception
    {
        final Path dir = tmp.resolve("store");
        final io.pagekv.StoreOptions options = io.pagekv.StoreOptions.defaults().withSegmentSize(1 << 20);
        try (Store writer = Store.open(dir, options))
        {
            final byte[] value = new byte[6000];
            java.nio.ByteBuffer.wrap(value).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(FIELD, INITIAL);
            writer.putPatchable(key(), value);
            try (ChildJvm a = start(dir, "a"))
            {
                Files.createFile(tmp.resolve("go"));
                final UnsafeBuffer progress = mapProgress(tmp.resolve("a.progress"));
                int round = 0;
                while (progress.getLongVolatile(0) < PER_CHILD && a.isAlive())
                {
                    for (int i = 0; i < 200; i++)
                    {
                        writer.put(("churn" + i % 40).getBytes(StandardCharsets.UTF_8), new byte[3000 + round]);
                    }
                    writer.compact();
                    round++;
                }
                assertEquals("done", a.nextLine(120_000), a.stderr());
                assertTrue(round > 1, "the writer compacted " + round + " times while the other process counted");
            }
            assertEquals(INITIAL + PER_CHILD, writer.getLong(key(), FIELD));
            TestStores.assertClean(writer);
        }
        try (Store reopened = Store.open(dir, options))
        {
            assertEquals(INITIAL + PER_CHILD, reopened.getLong(key(), FIELD));
            TestStores.assertClean(reopened);
        }
    }

    private static Store storeWithCounter(final Path dir)
    {
        final Store store = Store.open(dir);
        final byte[] value = new byte[6000];
        java.nio.ByteBuffer.wrap(value).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(FIELD, INITIAL);
        store.putPatchable(key(), value);
        return store;
    }

    private ChildJvm start(final Path dir, final String name)
    {
        final ChildJvm child = ChildJvm.start(CounterChild.class, tmp.resolve(name), dir.toString(), "counter", Integer.toString(FIELD),
            Long.toString(PER_CHILD), tmp.resolve(name + ".progress").toString(), tmp.resolve("go").toString());
        assertEquals("ready", child.nextLine(60_000), child.stderr());
        return child;
    }

    private static UnsafeBuffer mapProgress(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            return new UnsafeBuffer(channel.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES));
        }
    }

    private static byte[] key()
    {
        return "counter".getBytes(StandardCharsets.UTF_8);
    }
}
