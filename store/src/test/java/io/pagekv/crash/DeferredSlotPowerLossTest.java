package io.pagekv.crash;

import io.pagekv.CompactionPolicy;
import io.pagekv.Durability;
import io.pagekv.FileSeam;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.WriteTxn;
import io.pagekv.format.StoreFileNames;
import io.pagekv.io.FileIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decision 56 (a roll's checkpoint slot written without forcing {@code meta}, forced later by the
 * log flusher) under the interleaving of session 7's power-loss failure, replayed
 * deterministically. The flusher's force of the deferred slot is held; meanwhile the writer
 * appends a large commit, and the next commit checkpoints it (no force covered it and the log
 * grew by twice the interval, so the writer forces the log for it, decision 72), and that force
 * of the segment is held too; the flusher's force ends first. The store did everything in order (the commit's pages were
 * written before the segment force started, the slot after that force ended), so an image with
 * only forced bytes must hold the checkpointed commit. A recorder that journals a force at a
 * start index gone stale (as before `RecordingFileIOTest`) puts the segment force before the
 * commit's write and loses it; that, not the store, was the failure.
 */
class DeferredSlotPowerLossTest
{
    private static final String FLUSHER = "pagekv-log-flusher";

    @TempDir
    Path tmp;

    @Test
    void aCheckpointWrittenWhileTheFlusherForcesADeferredSlotKeepsItsCommitInEveryImage() throws Exception
    {
        final Path dir = tmp.resolve("store");
        final HeldForces io = new HeldForces(FileIO.jdk());
        final HeldForces.Hold flusherMetaForce =
            io.hold((name, thread) -> name.equals(StoreFileNames.META) && thread.getName().startsWith(FLUSHER));
        final RecordingFileIO recorder = new RecordingFileIO(io, dir);
        final StoreOptions options = StoreOptions.defaults().withDurability(Durability.ASYNC).withSegmentSize(1 << 20)
            .withCheckpointBytes(256 << 10).withCompaction(CompactionPolicy.off());
        final List<RecordingFileIO.Event> events;
        // Over twice the checkpoint interval.
        final int big = 200;
        try (Store store = Store.open(dir, FileSeam.with(options, recorder)))
        {
            // Small commits until the log rolls: the roll's checkpoint slot is left unforced.
            int key = 0;
            while (segments(dir) < 2 && key < 1000)
            {
                store.put(key(key), value(key));
                key++;
            }
            assertEquals(2, segments(dir), "no roll");
            final long rollCheckpoint = store.info().checkpointTxnId();
            // Small commits until the flusher's background force asks to force the deferred slot (held).
            while (!flusherMetaForce.awaitEntered(200))
            {
                assertEquals(rollCheckpoint, store.info().checkpointTxnId(), "a checkpoint came before the flusher forced the slot");
                store.put(key(key), value(key));
                key++;
            }
            // A large commit, then one that checkpoints it; the writer's segment force for it is held.
            final AtomicReference<Throwable> failed = new AtomicReference<>();
            final Thread writer = new Thread(() ->
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    for (int i = 0; i < big; i++)
                    {
                        txn.put(key(10_000 + i), value(10_000 + i));
                    }
                    txn.commit();
                    store.put(key(20_000), value(20_000));
                }
                catch (final Throwable ex)
                {
                    failed.set(ex);
                }
            }, "writer");
            final HeldForces.Hold writerSegmentForce =
                io.hold((name, thread) -> name.startsWith(StoreFileNames.SEGMENT_PREFIX) && thread == writer);
            writer.start();
            assertTrue(writerSegmentForce.awaitEntered(10_000), "the writer never forced the segment");
            // The flusher's force of meta (started first) ends first.
            final int before = recorder.events().size();
            flusherMetaForce.release();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (recorder.events().size() == before && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            writerSegmentForce.release();
            writer.join(10_000);
            assertNull(failed.get());
            assertTrue(store.info().checkpointTxnId() > rollCheckpoint, "the large commit was not checkpointed");
            events = recorder.events();
        }

        // Only what was forced by then: the newest slot names the large commit, which must be there.
        final PowerLossImage model = new PowerLossImage(recorder, 0);
        events.forEach(model::apply);
        final Path imageDir = tmp.resolve("image");
        PowerLossImage.write(model.image(new Random(1), PowerLossImage.Style.NONE_LANDS), imageDir);
        try (Store image = Store.open(imageDir, options))
        {
            for (int i = 0; i < big; i++)
            {
                assertArrayEquals(value(10_000 + i), image.get(key(10_000 + i)), "the checkpointed commit lost key " + i);
            }
            assertTrue(image.verify().isClean());
        }
    }

    private static int segments(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return (int)files.filter(file -> file.getFileName().toString().startsWith(StoreFileNames.SEGMENT_PREFIX)).count();
        }
    }

    private static byte[] key(final int key)
    {
        return new byte[] {(byte)(key >>> 24), (byte)(key >>> 16), (byte)(key >>> 8), (byte)key};
    }

    private static byte[] value(final int key)
    {
        final byte[] value = new byte[3000];
        Arrays.fill(value, (byte)key);
        return value;
    }
}
