package io.pagekv.page;

import io.pagekv.ForwardingFileIO;
import io.pagekv.ForwardingStoreFile;
import io.pagekv.format.StoreFileNames;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The next segment's file made ahead: filled with zeros and forced before it is handed out, for
 * the length asked only, one at a time; a failed fill and a close leave no file behind.
 */
class PreparedSegmentTest
{
    private static final long LENGTH = 3L << 20;

    @TempDir
    Path dir;

    @Test
    void aFilledFileIsZerosOfTheLengthAskedAndForcedBeforeItIsHandedOut() throws IOException
    {
        final Seam seam = new Seam(FileIO.jdk());
        final PreparedSegment prepared = new PreparedSegment(dir.resolve(StoreFileNames.NEXT_SEGMENT), seam);
        prepared.request(LENGTH);
        // One at a time: a second request while the first is filled or waits does nothing.
        prepared.request(2 * LENGTH);
        awaitTaken(prepared, LENGTH);
        assertEquals(1, seam.opens.get(), "a second request started a second fill");
        assertEquals(1, seam.forces.get(), "the file was handed out unforced");
        assertArrayEquals(new byte[(int)LENGTH], Files.readAllBytes(prepared.path()));
        // Taken: the next request fills again.
        prepared.request(LENGTH);
        awaitTaken(prepared, LENGTH);
        assertEquals(2, seam.forces.get());
        prepared.close();
        assertFalse(Files.exists(prepared.path()));
    }

    @Test
    void aRollThatNeedsAnotherLengthDeletesTheFilledFileAndTheNextRequestMakesOneOfItsLength() throws IOException
    {
        final Seam seam = new Seam(FileIO.jdk());
        final PreparedSegment prepared = new PreparedSegment(dir.resolve(StoreFileNames.NEXT_SEGMENT), seam);
        prepared.request(LENGTH);
        // Refused while it is filled too; once it is filled, the refusal deletes it.
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while ((seam.forces.get() == 0 || Files.exists(prepared.path())) && System.nanoTime() < deadline)
        {
            assertFalse(prepared.take(2 * LENGTH), "a file of another length was handed out");
        }
        assertEquals(1, seam.forces.get(), "the file was deleted before it was filled");
        assertFalse(Files.exists(prepared.path()), "the file of the wrong length was kept");
        assertFalse(prepared.take(LENGTH), "the deleted file was handed out");
        // Kept, it would have refused this request until a roll needed its length.
        prepared.request(2 * LENGTH);
        awaitTaken(prepared, 2 * LENGTH);
        assertEquals(2 * LENGTH, Files.size(prepared.path()));
        assertEquals(2, seam.opens.get());
        prepared.close();
    }

    @Test
    void aCloseDuringTheFillStopsItAndDeletesTheFile() throws Exception
    {
        final Seam seam = new Seam(FileIO.jdk());
        seam.holdWrites = new CountDownLatch(1);
        final PreparedSegment prepared = new PreparedSegment(dir.resolve(StoreFileNames.NEXT_SEGMENT), seam);
        prepared.request(LENGTH);
        assertTrue(seam.writing.await(10, TimeUnit.SECONDS), "the fill did not start");
        final Thread closer = new Thread(() ->
        {
            try
            {
                prepared.close();
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        closer.start();
        // The close waits for the fill, which stops at its next chunk once the write returns.
        Thread.sleep(50);
        assertTrue(closer.isAlive(), "the close did not wait for the fill");
        seam.holdWrites.countDown();
        closer.join(10_000);
        assertFalse(closer.isAlive(), "the close did not end");
        assertFalse(Files.exists(prepared.path()), "the close left the file");
        assertEquals(1, seam.writes.get(), "the fill went on after the close");
        assertEquals(0, seam.forces.get(), "a fill stopped by a close was forced");
        assertFalse(prepared.take(LENGTH));
        prepared.request(LENGTH);
        assertEquals(1, seam.opens.get(), "a request after the close started a fill");
    }

    @Test
    void aFailedFillLeavesNoFileAndTheNextRequestTriesAgain() throws IOException
    {
        final Seam seam = new Seam(FileIO.jdk());
        seam.failForces = 1;
        final PreparedSegment prepared = new PreparedSegment(dir.resolve(StoreFileNames.NEXT_SEGMENT), seam);
        prepared.request(LENGTH);
        assertFalse(takeWithin(prepared, LENGTH, 1_000), "a file whose force failed was handed out");
        assertFalse(Files.exists(prepared.path()), "the failed fill left its file");
        prepared.request(LENGTH);
        awaitTaken(prepared, LENGTH);
        assertEquals(2, seam.opens.get());
        prepared.close();
    }

    private static void awaitTaken(final PreparedSegment prepared, final long length)
    {
        assertTrue(takeWithin(prepared, length, 10_000), "the file was not made in 10 s");
    }

    private static boolean takeWithin(final PreparedSegment prepared, final long length, final long millis)
    {
        final long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline)
        {
            if (prepared.take(length))
            {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    /** Counts opens, writes and forces; can hold the first write and fail forces. */
    private static final class Seam extends ForwardingFileIO
    {
        final AtomicInteger opens = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger forces = new AtomicInteger();
        final CountDownLatch writing = new CountDownLatch(1);
        volatile CountDownLatch holdWrites;
        volatile int failForces;

        Seam(final FileIO delegate)
        {
            super(delegate);
        }

        @Override
        public StoreFile open(final Path path, final boolean create) throws IOException
        {
            opens.incrementAndGet();
            return new ForwardingStoreFile(delegate.open(path, create))
            {
                @Override
                public void write(final long position, final ByteBuffer src) throws IOException
                {
                    writes.incrementAndGet();
                    writing.countDown();
                    final CountDownLatch hold = holdWrites;
                    if (hold != null)
                    {
                        try
                        {
                            hold.await();
                        }
                        catch (final InterruptedException ex)
                        {
                            throw new IOException(ex);
                        }
                    }
                    super.write(position, src);
                }

                @Override
                public void force() throws IOException
                {
                    if (failForces > 0)
                    {
                        failForces--;
                        throw new IOException("injected: the force fails");
                    }
                    forces.incrementAndGet();
                    super.force();
                }
            };
        }
    }
}
