package io.pagekv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long-lived store does not hold one file descriptor per segment: the writer keeps the
 * descriptor of the segment it appends to, a reader none, however many segments the log has.
 * Counted in {@code /proc/self/fd}.
 */
class FileDescriptorTest
{
    private static final int SEGMENTS = 400;

    @TempDir
    Path dir;

    @Test
    void manySegmentsHoldAFewDescriptors() throws IOException
    {
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(64 * 1024).withDurability(Durability.ASYNC)
            .withCompaction(CompactionPolicy.off());
        final long before = openDescriptors();
        try (Store store = Store.open(dir, options))
        {
            // Each value of 40 KiB leaves no room for the next in a 64 KiB segment: one segment a commit.
            for (int i = 0; i < SEGMENTS; i++)
            {
                store.put(key(i), value(i));
            }
            assertTrue(segmentFiles() >= SEGMENTS, "the workload made " + segmentFiles() + " segments");
            assertFew(before, "writer");
            try (Store reader = Store.openReadOnly(dir))
            {
                assertArrayEquals(value(7), reader.get(key(7)));
                assertFew(before, "writer and reader");
            }
        }
        try (Store store = Store.open(dir, options))
        {
            assertFew(before, "reopened writer");
            for (int i = 0; i < SEGMENTS; i += 37)
            {
                assertArrayEquals(value(i), store.get(key(i)), "value " + i + " is read through the mapping");
            }
            store.put(key(0), value(1));
            assertArrayEquals(value(1), store.get(key(0)));
            assertTrue(store.verify().isClean());
        }
    }

    private static void assertFew(final long before, final String who) throws IOException
    {
        final long now = openDescriptors();
        assertTrue(now - before < 20, who + ": " + (now - before) + " more descriptors open for " + SEGMENTS + " segments");
    }

    private long segmentFiles() throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(p -> p.getFileName().toString().startsWith("seg-")).count();
        }
    }

    private static long openDescriptors() throws IOException
    {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd")))
        {
            return fds.count();
        }
    }

    private static byte[] key(final int i)
    {
        return ("k" + i).getBytes();
    }

    private static byte[] value(final int i)
    {
        final byte[] value = new byte[40 * 1024];
        value[i % value.length] = (byte)(i + 1);
        value[0] = (byte)i;
        return value;
    }
}
