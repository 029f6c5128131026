package io.pagekv.bench.limit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * 4 KiB writes, each forced to disk before the next, into a preallocated file (so that no
 * write changes the file's length): the most commits per second a store that forces each
 * commit can reach on this disk.
 */
public final class ForcedWrites implements AutoCloseable
{
    /** Bytes per write: one page. */
    public static final int BLOCK = 4096;
    private static final long FILE_LENGTH = 64L << 20;

    private final FileChannel channel;
    private final ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
    private long position;

    /**
     * Creates and preallocates {@code file}, forced, so the benchmark starts from a settled disk.
     *
     * @param file the file to create.
     */
    public ForcedWrites(final Path file)
    {
        try
        {
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
            final ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
            for (long at = 0; at < FILE_LENGTH; at += zeros.capacity())
            {
                zeros.clear();
                while (zeros.hasRemaining())
                {
                    channel.write(zeros, at + zeros.position());
                }
            }
            channel.force(true);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create " + file, ex);
        }
    }

    /**
     * Writes the next 4 KiB block and forces it (data only, like {@code fdatasync}).
     */
    public void writeAndForce()
    {
        try
        {
            block.clear();
            block.putLong(0, position);
            while (block.hasRemaining())
            {
                channel.write(block, position + block.position());
            }
            channel.force(false);
            position = (position + BLOCK) % FILE_LENGTH;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("forced write failed", ex);
        }
    }

    /**
     * Closes the file.
     */
    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot close the forced-write file", ex);
        }
    }
}
