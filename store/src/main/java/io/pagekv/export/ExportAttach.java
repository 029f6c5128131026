package io.pagekv.export;

import io.pagekv.ExportRefusedException;
import io.pagekv.format.Checksums;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.SegmentHeaderLayout;
import io.pagekv.format.StoreFileNames;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The consumer side of an export, for a JVM: checks a descriptor against the file it names,
 * before and after mapping, so that a hostile or stale descriptor is refused with
 * {@link ExportRefusedException} and never yields a fault or a wrong answer.
 *
 * <p>Checks, in order: the descriptor parses ({@link ExportDescriptor#parse}); the file is what
 * its route allows (a segment file, by name, directly inside a store directory, no symbolic
 * link on the way; or {@code /dev/shm/<export name>}); a segment file's header carries the
 * descriptor's store id (a shm object's name does); the value's bytes lie inside the file; the
 * CRC32C of the mapped bytes is the descriptor's. The CRC is read through Agrona's copies, so a
 * file cut short under the mapping surfaces as an {@link InternalError}, reported as refused.
 *
 * <p>Stateless and thread-safe.
 */
public final class ExportAttach
{
    private static final Pattern SEGMENT_NAME = Pattern.compile(Pattern.quote(StoreFileNames.SEGMENT_PREFIX) + "[0-9]{6,10}");
    private static final int SEGMENT_HEADER_BYTES = SegmentHeaderLayout.STORE_ID_OFFSET + Long.BYTES;

    private ExportAttach()
    {
    }

    /**
     * @param json a descriptor.
     * @return a read-only view of the value; the mapping lives as long as the view is reachable.
     * @throws ExportRefusedException if any check fails.
     */
    public static DirectBuffer attach(final String json)
    {
        final ExportDescriptor descriptor = ExportDescriptor.parse(json);
        final Path file = ExportDescriptor.MAPPED.equals(descriptor.route()) ? segmentFile(descriptor) : shmObject(descriptor);
        if (descriptor.length() > Integer.MAX_VALUE)
        {
            throw refuse(descriptor, "length " + descriptor.length() + " is over the largest value");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))
        {
            if (ExportDescriptor.MAPPED.equals(descriptor.route()))
            {
                checkSegmentHeader(descriptor, file, channel);
            }
            final long size = channel.size();
            if (descriptor.offset() > size || descriptor.length() > size - descriptor.offset())
            {
                throw refuse(descriptor, "bytes " + descriptor.offset() + ".." + (descriptor.offset() + descriptor.length()) +
                    " lie past the end of " + file + " (" + size + " bytes)");
            }
            final UnsafeBuffer view = new UnsafeBuffer(channel.map(FileChannel.MapMode.READ_ONLY, descriptor.offset(), descriptor.length()));
            checkCrc(descriptor, file, view);
            return view;
        }
        catch (final IOException ex)
        {
            throw new ExportRefusedException("export " + descriptor.name() + ": cannot map " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static Path segmentFile(final ExportDescriptor descriptor)
    {
        final Path file = Path.of(descriptor.file());
        if (!file.isAbsolute() || !file.normalize().equals(file) || file.getParent() == null)
        {
            throw refuse(descriptor, "file " + descriptor.file() + " is not an absolute, normalized path");
        }
        final Path dir = file.getParent();
        if (!SEGMENT_NAME.matcher(file.getFileName().toString()).matches() || !Files.isRegularFile(dir.resolve(StoreFileNames.META)))
        {
            throw refuse(descriptor, "file " + descriptor.file() + " is not a segment file of a store");
        }
        try
        {
            if (Files.isSymbolicLink(file) || !file.toRealPath().getParent().equals(dir.toRealPath()))
            {
                throw refuse(descriptor, "file " + descriptor.file() + " leads outside the store directory " + dir);
            }
        }
        catch (final IOException ex)
        {
            throw new ExportRefusedException("export " + descriptor.name() + ": cannot resolve " + file + ": " + ex.getMessage(), ex);
        }
        return file;
    }

    private static Path shmObject(final ExportDescriptor descriptor)
    {
        if (!ShmObjects.isExportName(descriptor.name()) ||
            !descriptor.name().startsWith(ShmObjects.PREFIX + ExportDescriptor.hex16(descriptor.storeId()) + "-"))
        {
            throw refuse(descriptor, "name is not the name of an export of store " + ExportDescriptor.hex16(descriptor.storeId()));
        }
        final Path object = ShmObjects.DIR.resolve(descriptor.name());
        if (!object.toString().equals(descriptor.file()) || descriptor.offset() != 0)
        {
            throw refuse(descriptor, "a shm export lies at offset 0 of " + object + ", the descriptor says offset " +
                descriptor.offset() + " of " + descriptor.file());
        }
        if (!Files.isRegularFile(object, LinkOption.NOFOLLOW_LINKS))
        {
            throw refuse(descriptor, object + " does not exist (the export was closed, or its process died)");
        }
        return object;
    }

    private static void checkSegmentHeader(final ExportDescriptor descriptor, final Path file, final FileChannel channel)
        throws IOException
    {
        final ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
        int read = 0;
        while (header.hasRemaining() && read >= 0)
        {
            read = channel.read(header, header.position());
        }
        final UnsafeBuffer bytes = new UnsafeBuffer(header.array());
        if (header.hasRemaining() || SegmentHeaderLayout.magic(bytes) != FormatVersion.SEGMENT_MAGIC)
        {
            throw refuse(descriptor, file + " has no pagekv segment header");
        }
        final long storeId = SegmentHeaderLayout.storeId(bytes);
        if (storeId != descriptor.storeId())
        {
            throw refuse(descriptor, file + " belongs to store " + ExportDescriptor.hex16(storeId) + ", the descriptor names store " +
                ExportDescriptor.hex16(descriptor.storeId()));
        }
        if (descriptor.offset() < SEGMENT_HEADER_BYTES)
        {
            throw refuse(descriptor, "offset " + descriptor.offset() + " lies in the segment header of " + file);
        }
    }

    private static void checkCrc(final ExportDescriptor descriptor, final Path file, final DirectBuffer view)
    {
        final CRC32C crc = new CRC32C();
        try
        {
            Checksums.update(crc, view, 0, view.capacity());
        }
        catch (final InternalError fault)
        {
            throw new ExportRefusedException("export " + descriptor.name() + ": " + file + " was cut short under the mapping at offset " +
                descriptor.offset() + " (" + fault.getMessage() + ")", fault);
        }
        final int computed = (int)crc.getValue();
        if (computed != descriptor.crc32c())
        {
            throw refuse(descriptor, "CRC32C 0x" + String.format("%08x", computed) + " computed over " + descriptor.length() +
                " bytes at offset " + descriptor.offset() + " of " + file + ", the descriptor says 0x" +
                String.format("%08x", descriptor.crc32c()));
        }
    }

    private static ExportRefusedException refuse(final ExportDescriptor descriptor, final String what)
    {
        return new ExportRefusedException("export " + descriptor.name() + " refused: " + what);
    }
}
