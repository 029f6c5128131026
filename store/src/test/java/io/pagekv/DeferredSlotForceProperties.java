package io.pagekv;

import io.pagekv.format.StoreFileNames;
import io.pagekv.format.SuperblockLayout;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A segment roll's checkpoint is written without forcing {@code meta} (decision 56): the log
 * flusher forces it in the background, or the next slot write forces it first. Whatever the
 * durability, compaction and segment size, the superblock never has both slots in flight, so a
 * crash can never tear both; the writer forces a roll's slot only when it writes the next one
 * (and with {@code Durability.ASYNC} not even then if the flusher was first), and the store
 * reopens with every entry.
 */
class DeferredSlotForceProperties
{
    @Property(tries = 12)
    void neverBothSlotsInFlight(
        @ForAll final boolean sync, @ForAll final boolean compaction, @ForAll @IntRange(min = 1, max = 4) final int segment64k,
        @ForAll @IntRange(min = 60, max = 300) final int puts) throws Exception
    {
        final Path dir = Files.createTempDirectory("pagekv-slots");
        final MetaJournal journal = new MetaJournal();
        final TreeMap<Integer, Integer> model = new TreeMap<>();
        try
        {
            StoreOptions options = StoreOptions.defaults().withDurability(sync ? Durability.SYNC : Durability.ASYNC)
                .withSegmentSize(segment64k * 64L * 1024).withCheckpointBytes(1L << 30);
            if (!compaction)
            {
                options = options.withCompaction(CompactionPolicy.off());
            }
            int rolls = 0;
            try (Store store = Store.open(dir, FileSeam.with(options, journal)))
            {
                journal.writer = Thread.currentThread();
                for (int i = 0; i < puts; i++)
                {
                    final long checkpointBefore = store.info().checkpointTxnId();
                    final int key = i % 97;
                    store.put(key(key), value(i));
                    model.put(key, i);
                    rolls += store.info().checkpointTxnId() != checkpointBefore ? 1 : 0;
                }
                journal.writer = null;
                if (!compaction)
                {
                    // Only rolls checkpoint here. Each roll's slot is forced by the next slot write
                    // unless the flusher (ASYNC) forced it first: never by the roll that wrote it.
                    assertTrue(rolls > 0, "the workload rolled segments");
                    final int pendingAtRolls = rolls - 1;
                    if (sync)
                    {
                        assertEquals(pendingAtRolls, journal.writerForces, "writer forces of meta in " + rolls + " rolls");
                    }
                    else
                    {
                        assertTrue(journal.writerForces <= pendingAtRolls, journal.writerForces + " writer forces of meta in " + rolls + " rolls");
                    }
                }
            }
            journal.assertNeverBothInFlight();
            try (Store store = Store.open(dir))
            {
                for (final var entry : model.entrySet())
                {
                    assertArrayEquals(value(entry.getValue()), store.get(key(entry.getKey())), "key " + entry.getKey());
                }
                assertTrue(store.verify().isClean());
            }
        }
        finally
        {
            DirectorySwap.deleteTree(dir);
        }
    }

    private static byte[] key(final int key)
    {
        return new byte[] {(byte)key, 7};
    }

    private static byte[] value(final int seed)
    {
        final byte[] value = new byte[2000 + seed % 1500];
        java.util.Arrays.fill(value, (byte)seed);
        return value;
    }

    /**
     * Records the writes and forces of {@code meta}, in order, from every thread; counts the
     * writer thread's forces of it.
     */
    private static final class MetaJournal extends InterceptingFileIO
    {
        /** A slot index for a write, -1 for a force. */
        private final List<Integer> events = new ArrayList<>();
        volatile Thread writer;
        volatile int writerForces;

        MetaJournal()
        {
            super(FileIO.jdk());
        }

        @Override
        protected boolean intercepts(final Path path)
        {
            return path.getFileName().toString().equals(StoreFileNames.META);
        }

        @Override
        protected void write(final StoreFile file, final Path path, final long position, final ByteBuffer src) throws IOException
        {
            synchronized (events)
            {
                file.write(position, src);
                events.add((int)(position / SuperblockLayout.SLOT_LENGTH));
            }
        }

        @Override
        protected void force(final StoreFile file, final Path path) throws IOException
        {
            // The force covers the writes recorded before it starts.
            final int covered;
            synchronized (events)
            {
                covered = events.size();
            }
            file.force();
            synchronized (events)
            {
                events.add(-1 - covered);
            }
            if (Thread.currentThread() == writer)
            {
                writerForces++;
            }
        }

        /** Every write of a slot finds each earlier write of the other slot covered by a force. */
        void assertNeverBothInFlight()
        {
            synchronized (events)
            {
                int forcedUpTo = 0;
                for (int i = 0; i < events.size(); i++)
                {
                    final int event = events.get(i);
                    if (event < 0)
                    {
                        forcedUpTo = Math.max(forcedUpTo, -1 - event);
                        continue;
                    }
                    for (int earlier = forcedUpTo; earlier < i; earlier++)
                    {
                        final int other = events.get(earlier);
                        assertTrue(other < 0 || other == event,
                            "event " + i + " writes slot " + event + " while the write of slot " + other + " at event " + earlier +
                                " is not forced: " + events);
                    }
                }
            }
        }
    }
}
