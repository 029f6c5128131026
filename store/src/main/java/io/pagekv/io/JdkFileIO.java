package io.pagekv.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * {@link FileIO} on {@link FileChannel}: files and directories it creates are owner-only
 * where the file system has POSIX permissions.
 */
final class JdkFileIO implements FileIO
{
    static final JdkFileIO INSTANCE = new JdkFileIO();

    private static final boolean POSIX =
        java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private JdkFileIO()
    {
    }

    @Override
    public StoreFile open(final Path path, final boolean create) throws IOException
    {
        final Set<OpenOption> options = new HashSet<>(EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
        if (create)
        {
            options.add(StandardOpenOption.CREATE);
        }
        final FileChannel channel = create && POSIX ?
            FileChannel.open(path, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))) :
            FileChannel.open(path, options);
        return new ChannelFile(path, channel);
    }

    @Override
    public StoreFile openReadOnly(final Path path) throws IOException
    {
        return new ChannelFile(path, FileChannel.open(path, StandardOpenOption.READ));
    }

    @Override
    public void createDirectories(final Path dir) throws IOException
    {
        if (Files.isDirectory(dir))
        {
            return;
        }
        final FileAttribute<?>[] attributes = POSIX ?
            new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))} :
            new FileAttribute<?>[0];
        try
        {
            Files.createDirectories(dir, attributes);
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw new IOException(dir + " exists and is not a directory", ex);
        }
    }

    @Override
    public void delete(final Path path) throws IOException
    {
        Files.deleteIfExists(path);
    }

    @Override
    public void moveAtomically(final Path from, final Path to) throws IOException
    {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void forceDirectory(final Path dir) throws IOException
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final NoSuchFileException ex)
        {
            throw ex;
        }
        catch (final IOException ex)
        {
            // Some file systems refuse to open or force a directory; there is nothing more to force then.
            if (!POSIX)
            {
                return;
            }
            throw ex;
        }
    }

    private static final class ChannelFile implements StoreFile
    {
        private final Path path;
        private final FileChannel channel;

        ChannelFile(final Path path, final FileChannel channel)
        {
            this.path = path;
            this.channel = channel;
        }

        @Override
        public Path path()
        {
            return path;
        }

        @Override
        public void write(final long position, final ByteBuffer src) throws IOException
        {
            long at = position;
            while (src.hasRemaining())
            {
                at += channel.write(src, at);
            }
        }

        @Override
        public int read(final long position, final ByteBuffer dst) throws IOException
        {
            return channel.read(dst, position);
        }

        @Override
        public void force() throws IOException
        {
            channel.force(false);
        }

        @Override
        public long size() throws IOException
        {
            return channel.size();
        }

        @Override
        public void setLength(final long length) throws IOException
        {
            final long size = channel.size();
            if (length < size)
            {
                channel.truncate(length);
            }
            else if (length > size)
            {
                channel.write(ByteBuffer.allocate(1), length - 1);
            }
        }

        @Override
        public MappedByteBuffer mapReadOnly(final long length) throws IOException
        {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, length);
        }

        @Override
        public MappedByteBuffer mapReadWrite(final long length) throws IOException
        {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
        }

        @Override
        public FileChannel channel()
        {
            return channel;
        }

        @Override
        public void close() throws IOException
        {
            channel.close();
        }
    }
}
