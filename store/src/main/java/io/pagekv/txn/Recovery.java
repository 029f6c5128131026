package io.pagekv.txn;

import io.pagekv.CorruptStoreException;
import io.pagekv.format.PageAddress;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import io.pagekv.page.Segment;
import io.pagekv.page.SegmentFiles;
import io.pagekv.page.SegmentTable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the last valid commit of a store at open. Takes the newest valid superblock slot, checks
 * the commit it names, then walks forward through the log ({@link LogReader}) while each record
 * is a valid successor. The first missing, torn or stale record ends the log; nothing after it is
 * visible, and the writer's next commit overwrites it. If the newest slot's commit cannot be
 * read, the older slot is tried, and that is reported as a warning.
 *
 * @param segments     the segment table, with every segment up to the head mapped.
 * @param reader       the log reader over it.
 * @param slot         the superblock slot recovery started from.
 * @param checkpointed the commit that slot names.
 * @param head         the last valid commit.
 * @param warnings     damage recovery worked around: damaged slots, an unusable newest checkpoint.
 */
record Recovery(
    SegmentTable segments, LogReader reader, SuperblockSlot slot, CommitState checkpointed, CommitState head,
    List<CorruptStoreException> warnings)
{
    private static final System.Logger LOGGER = System.getLogger("io.pagekv");

    /**
     * @param dir      the store directory.
     * @param io       the file seam.
     * @param meta     the superblock file.
     * @param writable whether segment files are opened for writing.
     * @return what recovery found.
     * @throws IOException           if a file cannot be read.
     * @throws CorruptStoreException if no superblock slot leads to a valid commit.
     */
    static Recovery run(final Path dir, final FileIO io, final StoreFile meta, final boolean writable) throws IOException
    {
        final List<CorruptStoreException> damagedSlots = new ArrayList<>();
        final List<SuperblockSlot> slots = Superblock.read(meta, damagedSlots);
        CorruptStoreException failure = null;
        for (final SuperblockSlot slot : slots)
        {
            final SegmentTable segments = new SegmentTable(dir, io, slot.pageSize(), slot.storeId(), writable);
            try
            {
                final LogReader reader = new LogReader(segments, writable);
                final CommitState checkpointed = checkpointedCommit(segments, slot);
                final CommitState head = reader.last(checkpointed);
                mapSegmentsUpTo(segments, slot.firstSegment(), head.segment());
                final List<CorruptStoreException> warnings = new ArrayList<>(damagedSlots);
                if (failure != null)
                {
                    LOGGER.log(System.Logger.Level.WARNING, "opened " + dir + " at the older checkpoint in slot " + slot.slot() +
                        " (txn " + head.txnId() + ") because the newer one is unreadable: " + failure.getMessage());
                    warnings.add(new CorruptStoreException(failure.file(), failure.page(), failure.offset(),
                        "the newest checkpoint is unusable: " + failure.what() + "; the store opened at the older checkpoint (txn " +
                        slot.commitTxn() + ") and every commit after it is lost"));
                }
                return new Recovery(segments, reader, slot, checkpointed, head, warnings);
            }
            catch (final CorruptStoreException ex)
            {
                segments.closeQuietly();
                if (failure == null)
                {
                    failure = ex;
                }
                else
                {
                    failure.addSuppressed(ex);
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                segments.closeQuietly();
                throw ex;
            }
        }
        throw failure;
    }

    private static CommitState checkpointedCommit(final SegmentTable segments, final SuperblockSlot slot) throws IOException
    {
        final int number = PageAddress.segment(slot.commitPage());
        final Segment segment = segments.open(number);
        if (segment == null)
        {
            throw new CorruptStoreException(SegmentFiles.path(segments.dir(), number), CorruptStoreException.UNKNOWN, CorruptStoreException.UNKNOWN,
                "segment holding the checkpointed commit " + PageAddress.toString(slot.commitPage()) + " is missing");
        }
        final int index = PageAddress.pageIndex(slot.commitPage());
        final CommitState state = CommitReader.record(segment, index);
        if (state == null || state.txnId() != slot.commitTxn() || state.recordCrc() != slot.commitCrc())
        {
            throw segment.corrupt(index, (long)segment.offset(index), "checkpointed commit record of txn " + slot.commitTxn() +
                " (slot " + slot.slot() + ") is damaged or does not match the superblock");
        }
        return state;
    }

    /**
     * Maps every segment file from {@code first} to {@code last}. Files below {@code first} are
     * what an interrupted retirement left (the superblock already says they are gone): never read.
     */
    static void mapSegmentsUpTo(final SegmentTable segments, final int first, final int last) throws IOException
    {
        for (final int number : segments.listFiles())
        {
            if (number >= first && number <= last && segments.open(number) == null)
            {
                throw new CorruptStoreException(SegmentFiles.path(segments.dir(), number), CorruptStoreException.UNKNOWN,
                    CorruptStoreException.UNKNOWN, "segment vanished while the store was opening");
            }
        }
    }
}
