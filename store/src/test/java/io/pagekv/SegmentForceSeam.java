package io.pagekv;

import io.pagekv.format.StoreFileNames;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A file seam that calls {@link #beforeForce} before every force of a segment file and passes
 * everything else on: the base of the tests that count, hold or fail the log's forces.
 */
public abstract class SegmentForceSeam extends InterceptingFileIO
{
    protected SegmentForceSeam()
    {
        super(FileIO.jdk());
    }

    /**
     * Runs on the forcing thread before a segment file is forced.
     *
     * @param segment the segment file.
     * @throws IOException to fail the force.
     */
    protected abstract void beforeForce(Path segment) throws IOException;

    /**
     * Holds the forcing thread until the test counts {@code latch} down; an interrupt fails the force.
     *
     * @param latch what the test releases.
     * @throws IOException if the thread was interrupted while held.
     */
    protected static void hold(final CountDownLatch latch) throws IOException
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while held", ex);
        }
    }

    @Override
    protected boolean intercepts(final Path path)
    {
        return path.getFileName().toString().startsWith(StoreFileNames.SEGMENT_PREFIX);
    }

    @Override
    protected void force(final StoreFile file, final Path path) throws IOException
    {
        beforeForce(path);
        file.force();
    }
}
