package io.pagekv;

import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@link FileIO} that passes every call to another one: the base of the test seams that
 * count, hold or fail some of the calls and pass the rest ({@link ForwardingStoreFile} for files).
 */
public class ForwardingFileIO implements FileIO
{
    /** The file seam every call goes to. */
    protected final FileIO delegate;

    /**
     * @param delegate the file seam every call goes to.
     */
    public ForwardingFileIO(final FileIO delegate)
    {
        this.delegate = delegate;
    }

    @Override
    public StoreFile open(final Path path, final boolean create) throws IOException
    {
        return delegate.open(path, create);
    }

    @Override
    public StoreFile openReadOnly(final Path path) throws IOException
    {
        return delegate.openReadOnly(path);
    }

    @Override
    public void createDirectories(final Path dir) throws IOException
    {
        delegate.createDirectories(dir);
    }

    @Override
    public void delete(final Path path) throws IOException
    {
        delegate.delete(path);
    }

    @Override
    public void moveAtomically(final Path from, final Path to) throws IOException
    {
        delegate.moveAtomically(from, to);
    }

    @Override
    public void forceDirectory(final Path dir) throws IOException
    {
        delegate.forceDirectory(dir);
    }
}
