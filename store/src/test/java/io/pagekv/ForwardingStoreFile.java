package io.pagekv;

import io.pagekv.io.StoreFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A {@link StoreFile} that passes every call to another one: the base of the test seams that
 * count, record or fail some of the calls and pass the rest.
 */
public class ForwardingStoreFile implements StoreFile
{
    /** The file every call goes to. */
    protected final StoreFile file;

    /**
     * @param file the file every call goes to.
     */
    public ForwardingStoreFile(final StoreFile file)
    {
        this.file = file;
    }

    @Override
    public Path path()
    {
        return file.path();
    }

    @Override
    public void write(final long position, final ByteBuffer src) throws IOException
    {
        file.write(position, src);
    }

    @Override
    public int read(final long position, final ByteBuffer dst) throws IOException
    {
        return file.read(position, dst);
    }

    @Override
    public void force() throws IOException
    {
        file.force();
    }

    @Override
    public long size() throws IOException
    {
        return file.size();
    }

    @Override
    public void setLength(final long length) throws IOException
    {
        file.setLength(length);
    }

    @Override
    public MappedByteBuffer mapReadOnly(final long length) throws IOException
    {
        return file.mapReadOnly(length);
    }

    @Override
    public MappedByteBuffer mapReadWrite(final long length) throws IOException
    {
        return file.mapReadWrite(length);
    }

    @Override
    public FileChannel channel()
    {
        return file.channel();
    }

    @Override
    public void close() throws IOException
    {
        file.close();
    }
}
