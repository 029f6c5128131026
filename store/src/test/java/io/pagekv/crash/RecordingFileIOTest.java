package io.pagekv.crash;

import io.pagekv.ForwardingFileIO;
import io.pagekv.ForwardingStoreFile;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
        final RecordingFileIO recorder = new RecordingFileIO(held, dir);
        final StoreFile meta = recorder.open(dir.resolve("meta"), true);
        final StoreFile segment = recorder.open(dir.resolve("seg-000001"), true);
        recorder.forceDirectory(dir);
        meta.write(0, ByteBuffer.wrap(filled(512, 1)));

        // Another thread's force of meta starts (the log flusher forcing a deferred slot) and is held.
        final Thread flusher = forceIn(meta, "flusher");
        assertTrue(held.entered("meta").await(10, TimeUnit.SECONDS));
        // Meanwhile the writer appends a commit to the segment, then forces the segment (held too).
        final byte[] commit = filled(8192, 7);
        segment.write(8192, ByteBuffer.wrap(commit));
        final Thread writer = forceIn(segment, "writer");
        assertTrue(held.entered("seg-000001").await(10, TimeUnit.SECONDS));
        // The earlier force ends first, then the segment's.
        held.release("meta");
        flusher.join(10_000);
        held.release("seg-000001");
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

    /** Holds every force of a file until {@link #release}; says when one was entered. */
    private static final class HeldForces extends ForwardingFileIO
    {
        private final Map<String, CountDownLatch> entered = Map.of("meta", new CountDownLatch(1), "seg-000001", new CountDownLatch(1));
        private final Map<String, CountDownLatch> released = Map.of("meta", new CountDownLatch(1), "seg-000001", new CountDownLatch(1));

        HeldForces(final FileIO delegate)
        {
            super(delegate);
        }

        CountDownLatch entered(final String name)
        {
            return entered.get(name);
        }

        void release(final String name)
        {
            released.get(name).countDown();
        }

        @Override
        public StoreFile open(final Path path, final boolean create) throws IOException
        {
            final String name = path.getFileName().toString();
            return new ForwardingStoreFile(delegate.open(path, create))
            {
                @Override
                public void force() throws IOException
                {
                    if (entered.containsKey(name))
                    {
                        entered.get(name).countDown();
                        try
                        {
                            released.get(name).await(10, TimeUnit.SECONDS);
                        }
                        catch (final InterruptedException ex)
                        {
                            Thread.currentThread().interrupt();
                        }
                    }
                    file.force();
                }
            };
        }
    }
}
