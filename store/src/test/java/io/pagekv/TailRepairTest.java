package io.pagekv;

import io.pagekv.format.StoreFileNames;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A writable open after a crash writes again what the crashed process may have had only in the
 * page cache, since after a failed force the kernel may keep those pages marked clean
 * ("fsyncgate"): the commits after the checkpoint, and the header page of every segment created
 * after it, each followed by a force of its file. Without the header, the commits after it would
 * be unreadable once the page cache is gone.
 */
class TailRepairTest
{
    @TempDir
    Path tmp;

    @Test
    void aCrashedStoresTailIsWrittenAgainWithTheHeadersOfItsNewSegments() throws IOException
    {
        final Path dir = tmp.resolve("store");
        final Path image = tmp.resolve("image");
        final StoreOptions options = StoreOptions.defaults().withDurability(Durability.ASYNC).withSegmentSize(64 << 10)
            .withCheckpointBytes(1L << 30).withCompaction(CompactionPolicy.off());
        final TreeMap<Integer, Integer> model = new TreeMap<>();
        long checkpointTxn;
        try (Store store = Store.open(dir, options))
        {
            int key = 0;
            // Rolls checkpoint the full segment's last commit: commits in the newest segment are after it.
            while (segments(dir).size() < 4 || store.info().lastTxnId() - store.info().checkpointTxnId() < 3)
            {
                store.put(key(key), value(key));
                model.put(key, key);
                key++;
            }
            checkpointTxn = store.info().checkpointTxnId();
            TestStores.crashImage(dir, image);
        }
        final String newest = segments(image).get(segments(image).size() - 1);
        final WriteJournal journal = new WriteJournal();
        try (Store store = Store.open(image, FileSeam.with(options, journal)))
        {
            assertTrue(store.info().checkpointTxnId() > checkpointTxn, "the open checkpointed what it repaired");
            for (final var entry : model.entrySet())
            {
                assertArrayEquals(value(entry.getValue()), store.get(key(entry.getKey())));
            }
        }
        final int header = journal.events.indexOf(newest + " write 0");
        assertTrue(header >= 0, "the header of " + newest + ", created after the checkpoint, was written again: " + journal.events);
        assertTrue(journal.events.subList(header, journal.events.size()).contains(newest + " force"),
            "and forced after: " + journal.events);
    }

    private static List<String> segments(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith(StoreFileNames.SEGMENT_PREFIX))
                .sorted().toList();
        }
    }

    private static byte[] key(final int key)
    {
        return new byte[] {(byte)(key >>> 8), (byte)key};
    }

    private static byte[] value(final int key)
    {
        final byte[] value = new byte[1500];
        java.util.Arrays.fill(value, (byte)key);
        return value;
    }

    /** Records, in order, each write (with its position) and force of the segment files. */
    private static final class WriteJournal extends InterceptingFileIO
    {
        final List<String> events = new ArrayList<>();

        WriteJournal()
        {
            super(FileIO.jdk());
        }

        @Override
        protected boolean intercepts(final Path path)
        {
            return path.getFileName().toString().startsWith(StoreFileNames.SEGMENT_PREFIX);
        }

        @Override
        protected void write(final StoreFile file, final Path path, final long position, final ByteBuffer src) throws IOException
        {
            file.write(position, src);
            synchronized (events)
            {
                events.add(path.getFileName() + " write " + position);
            }
        }

        @Override
        protected void force(final StoreFile file, final Path path) throws IOException
        {
            file.force();
            synchronized (events)
            {
                events.add(path.getFileName() + " force");
            }
        }
    }
}
