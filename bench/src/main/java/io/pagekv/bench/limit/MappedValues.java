package io.pagekv.bench.limit;

import io.pagekv.bench.kv.ValueDigest;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * A file of fixed-size values, one after another, mapped into memory and read through an Agrona
 * {@link UnsafeBuffer}: the fastest a store could hand out a value it already has in mapped
 * memory, with no index to search.
 */
public final class MappedValues implements AutoCloseable
{
    private static final int WRITE_CHUNK = 1 << 20;

    private final int valueSize;
    private final long count;
    private final MappedByteBuffer mapping;
    private final UnsafeBuffer buffer;

    /**
     * Writes {@code count} random values to {@code file} and maps it.
     *
     * @param file      the file to create.
     * @param count     how many values.
     * @param valueSize bytes per value.
     * @throws IllegalArgumentException if the file would pass 2 GiB, one mapping's limit.
     */
    public MappedValues(final Path file, final long count, final int valueSize)
    {
        final long length = count * valueSize;
        if (length > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("mapped values file of " + length + " bytes passes 2 GiB: lower n or dataMiB");
        }
        this.valueSize = valueSize;
        this.count = count;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            fill(channel, length);
            mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, length);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
        buffer = new UnsafeBuffer(mapping);
    }

    private static void fill(final FileChannel channel, final long length) throws IOException
    {
        final SplittableRandom random = new SplittableRandom(1);
        final byte[] chunk = new byte[WRITE_CHUNK];
        final ByteBuffer wrapped = ByteBuffer.wrap(chunk);
        for (long position = 0; position < length; )
        {
            random.nextBytes(chunk);
            wrapped.clear().limit((int)Math.min(chunk.length, length - position));
            while (wrapped.hasRemaining())
            {
                position += channel.write(wrapped, position);
            }
        }
    }

    /**
     * @return how many values the file holds.
     */
    public long count()
    {
        return count;
    }

    /**
     * @param index which value, {@code 0 .. count-1}.
     * @return the {@link ValueDigest} of that value, read in place.
     */
    public long read(final long index)
    {
        return ValueDigest.of(buffer, (int)(index * valueSize), valueSize);
    }

    /**
     * Unmaps the file.
     */
    @Override
    public void close()
    {
        IoUtil.unmap(mapping);
    }
}
