package io.pagekv.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A private copy of standard input, for {@code load} into an existing store, which reads its
 * input twice (check, then load). The temporary file is created owner-only (0600) and unlinked
 * before the first byte is copied: the copy lives only as long as its open channel, so no exit
 * path, Ctrl-C or SIGKILL included, leaves it behind, and no other user can open it.
 */
final class Spool
{
    private Spool()
    {
    }

    /**
     * @param in     the stream to copy, read to its end.
     * @param source its name, for messages.
     * @return an open channel on the copy, at position 0; closing it frees the copy.
     * @throws IOException if the copy cannot be made; the message names the temporary directory.
     */
    static FileChannel of(final InputStream in, final String source) throws IOException
    {
        final boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        final Path file = posix ?
            Files.createTempFile("pagekv-load-", ".dump", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))) :
            Files.createTempFile("pagekv-load-", ".dump");
        final FileChannel channel;
        try
        {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        finally
        {
            Files.delete(file);
        }
        try
        {
            final OutputStream copy = NamedStreams.output(Channels.newOutputStream(channel),
                "the temporary copy of " + source + " in " + file.getParent());
            in.transferTo(copy);
            copy.flush();
            channel.position(0);
            return channel;
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }
}
