package io.pagekv.crash;

import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recorder places a force where it started. Two forces of different files can run at once
 * (the log flusher forcing {@code meta} while the writer forces a segment): when the one that
 * started first ends first, its event goes in before the writes made since, and the other force
 * must still land after every write done before it started.
 */
class RecordingFileIOTest
{
    @TempDir
    Path dir;

    @Test
    void aForceThatEndsDuringAnotherStillCoversTheWritesBeforeTheOthersStart() throws Exception
    {
        final HeldForces held = new HeldForces(FileIO.jdk());
        final HeldForces.Hold metaForce = held.hold((name, thread) -> name.equals("meta"));
        final HeldForces.Hold segmentForce = held.hold((name, thread) -> name.equals("seg-000001"));
        final RecordingFileIO recorder = new RecordingFileIO(held, dir);
        final StoreFile meta = recorder.open(dir.resolve("meta"), true);
        final StoreFile segment = recorder.open(dir.resolve("seg-000001"), true);
        recorder.forceDirectory(dir);
        meta.write(0, ByteBuffer.wrap(filled(512, 1)));

        // Another thread's force of meta starts (the log flusher forcing a deferred slot) and is held.
        final Thread flusher = forceIn(meta, "flusher");
        assertTrue(metaForce.awaitEntered(10_000));
        // Meanwhile the writer appends a commit to the segment, then forces the segment (held too).
        final byte[] commit = filled(8192, 7);
        segment.write(8192, ByteBuffer.wrap(commit));
        final Thread writer = forceIn(segment, "writer");
        assertTrue(segmentForce.awaitEntered(10_000));
        // The earlier force ends first, then the segment's.
        metaForce.release();
        flusher.join(10_000);
        segmentForce.release();
        writer.join(10_000);

        final List<RecordingFileIO.Event> events = recorder.events();
        final PowerLossImage model = new PowerLossImage(recorder, 0);
        events.forEach(model::apply);
        final byte[] segmentBytes = model.image(new Random(1), PowerLossImage.Style.NONE_LANDS).get("seg-000001");
        assertTrue(segmentBytes != null && segmentBytes.length >= 2 * 8192, "the forced segment lost its write: " + events);
        assertArrayEquals(commit, Arrays.copyOfRange(segmentBytes, 8192, 2 * 8192), "the forced segment lost its write: " + events);
    }

    private static Thread forceIn(final StoreFile file, final String name)
    {
        final Thread thread = new Thread(() ->
        {
            try
            {
                file.force();
            }
            catch (final IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
        }, name);
        thread.start();
        return thread;
    }

    private static byte[] filled(final int length, final int value)
    {
        final byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte)value);
        return bytes;
    }
}
