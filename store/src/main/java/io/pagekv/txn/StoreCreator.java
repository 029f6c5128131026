package io.pagekv.txn;

import io.pagekv.CorruptStoreException;
import io.pagekv.StoreException;
import io.pagekv.format.CommitLayout;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.format.SegmentHeaderLayout;
import io.pagekv.format.StoreFileNames;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import io.pagekv.page.Segment;
import io.pagekv.page.SegmentFiles;
import io.pagekv.page.SegmentTable;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Stream;

/**
 * Creates a new store: {@code seg-000000} with its header and the commit record of txn 0 (the
 * empty store), forced, then {@code meta} written as {@code meta.new}, forced and renamed into
 * place. A store whose creation was interrupted before {@code meta} existed is created afresh;
 * a directory holding anything else is refused.
 */
final class StoreCreator
{
    private StoreCreator()
    {
    }

    /**
     * Creates a store in {@code dir} unless it already holds one ({@code meta} exists).
     *
     * @param dir          the store directory.
     * @param io           the file seam.
     * @param pageSize     the page size.
     * @param segmentBytes the default segment size.
     * @return whether it created one.
     * @throws IOException    if a file cannot be written.
     * @throws StoreException if the directory holds files that are not a store's.
     */
    static boolean createIfAbsent(final Path dir, final FileIO io, final int pageSize, final long segmentBytes) throws IOException
    {
        if (Files.exists(dir.resolve(StoreFileNames.META)))
        {
            return false;
        }
        if (isInterruptedCreation(dir, io))
        {
            // A process died while creating this store, before meta became durable. The first
            // commit is written only after that, so nothing was ever committed: start afresh.
            io.delete(SegmentFiles.path(dir, 0));
            io.delete(dir.resolve(StoreFileNames.META_STAGING));
            io.forceDirectory(dir);
        }
        if (SegmentFiles.list(dir).length > 0)
        {
            throw new CorruptStoreException(dir.resolve(StoreFileNames.META), CorruptStoreException.UNKNOWN, CorruptStoreException.UNKNOWN,
                "meta file is missing but the directory holds segment files; restore meta from a backup, or move the segments away to start afresh");
        }
        refuseForeignDirectory(dir);
        final long storeId = new SecureRandom().nextLong();
        final long now = System.currentTimeMillis();
        final SegmentTable segments = new SegmentTable(dir, io, pageSize, storeId, true);
        final ByteBuffer record = ByteBuffer.allocateDirect(pageSize);
        final UnsafeBuffer buffer = new UnsafeBuffer(record);
        final long recordId = PageAddress.of(0, 1);
        PageLayout.writeHeader(buffer, 0, PageType.COMMIT, 0, recordId, 0, 0, 0);
        CommitLayout.write(buffer, 0, PageAddress.NONE, PageAddress.NONE, 0, 0, 0, now);
        final int recordCrc = PageLayout.seal(buffer, 0, pageSize);
        try
        {
            final Segment first = segments.create(0, (int)(segmentBytes / pageSize), 0);
            first.file().write(pageSize, record);
            first.file().force();
        }
        finally
        {
            segments.closeAll();
        }
        final Path staging = dir.resolve(StoreFileNames.META_STAGING);
        try (StoreFile file = io.open(staging, true))
        {
            file.setLength(0);
            Superblock.write(file, new SuperblockSlot(0, 1, storeId, pageSize, recordId, 0, recordCrc, 0, segmentBytes, now, null, false));
            file.setLength(Superblock.FILE_LENGTH);
            file.force();
        }
        io.moveAtomically(staging, dir.resolve(StoreFileNames.META));
        io.forceDirectory(dir);
        return true;
    }

    /**
     * A new store is made only in an empty directory, or one left by an interrupted creation or
     * holding segments without meta (which {@link #createIfAbsent} sorts out), never among someone else's files.
     *
     * @param dir the directory.
     * @throws IOException    if it cannot be listed.
     * @throws StoreException if it holds other files.
     */
    static void refuseForeignDirectory(final Path dir) throws IOException
    {
        try (Stream<Path> entries = Files.list(dir))
        {
            final List<String> foreign = entries.map(p -> p.getFileName().toString())
                .filter(name -> !StoreFileNames.isStoreFile(name))
                .sorted().limit(3).toList();
            if (!foreign.isEmpty())
            {
                throw new StoreException("no store at " + dir + " and the directory is not empty (it holds " +
                    String.join(", ", foreign) + "); give pagekv an empty or new directory");
            }
        }
    }

    /**
     * Whether a directory without meta holds only what an interrupted {@link #createIfAbsent} leaves:
     * {@code seg-000000} and nothing after its first commit record (txn 0). With a valid header
     * the first real commit would start at page 2; without one, no page after the header was
     * written either (the header is forced before the record of txn 0 is written).
     */
    private static boolean isInterruptedCreation(final Path dir, final FileIO io) throws IOException
    {
        final int[] segments = SegmentFiles.list(dir);
        if (segments.length != 1 || segments[0] != 0)
        {
            return false;
        }
        try (StoreFile file = io.openReadOnly(SegmentFiles.path(dir, 0)))
        {
            final ByteBuffer header = ByteBuffer.allocate(FormatVersion.MIN_PAGE_SIZE).order(FormatVersion.ORDER);
            file.read(0, header);
            final int pageSize = header.getInt(SegmentHeaderLayout.PAGE_SIZE_OFFSET);
            final boolean valid = header.getInt(SegmentHeaderLayout.MAGIC_OFFSET) == FormatVersion.SEGMENT_MAGIC &&
                FormatVersion.isValidPageSize(pageSize);
            final long firstCommit = valid ? 2L * pageSize : FormatVersion.MIN_PAGE_SIZE;
            final ByteBuffer rest = ByteBuffer.allocate(FormatVersion.MAX_PAGE_SIZE);
            file.readFully(firstCommit, rest);
            for (int i = 0; i < rest.position(); i++)
            {
                if (rest.get(i) != 0)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
