package io.pagekv;

import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A file seam that hands every write and force of the files it picks to {@link #write} and
 * {@link #force}, and passes every other call on: the base of the test seams that count, journal
 * or tear the writes of some files. By default both pass the call on.
 */
public abstract class InterceptingFileIO extends ForwardingFileIO
{
    /**
     * @param delegate the file seam every call goes to.
     */
    protected InterceptingFileIO(final FileIO delegate)
    {
        super(delegate);
    }

    /**
     * @param path a file the store opens for writing.
     * @return whether its writes and forces go through this seam.
     */
    protected abstract boolean intercepts(Path path);

    /**
     * A write to a file this seam intercepts.
     *
     * @param file     the file.
     * @param path     its path.
     * @param position where the write goes.
     * @param src      the bytes.
     * @throws IOException as the write.
     */
    protected void write(final StoreFile file, final Path path, final long position, final ByteBuffer src) throws IOException
    {
        file.write(position, src);
    }

    /**
     * A force of a file this seam intercepts.
     *
     * @param file the file.
     * @param path its path.
     * @throws IOException as the force.
     */
    protected void force(final StoreFile file, final Path path) throws IOException
    {
        file.force();
    }

    @Override
    public StoreFile open(final Path path, final boolean create) throws IOException
    {
        final StoreFile file = delegate.open(path, create);
        if (!intercepts(path))
        {
            return file;
        }
        return new ForwardingStoreFile(file)
        {
            @Override
            public void write(final long position, final ByteBuffer src) throws IOException
            {
                InterceptingFileIO.this.write(file, path, position, src);
            }

            @Override
            public void force() throws IOException
            {
                InterceptingFileIO.this.force(file, path);
            }
        };
    }
}
