package io.pagekv.cli;

import io.pagekv.VerifyProblem;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.format.SuperblockLayout;
import io.pagekv.page.SegmentFiles;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a newest checkpoint the store could not use. When the commit record named by the newer
 * {@code meta} slot is damaged, the store opens at the older slot's commit and says so only in a
 * log warning; everything committed after it is invisible, and the tree walk of that older
 * commit may well be clean. This reads both slots as {@code docs/format.md} lays them out, and
 * if the newest one names a later commit than the store opened at, checks that commit record.
 * A record that is intact means a writer checkpointed after this process opened the store, which
 * is fine.
 */
final class CheckpointCheck
{
    private CheckpointCheck()
    {
    }

    /**
     * @param dir           the store directory.
     * @param pageSize      the store's page size.
     * @param openedTxn     the checkpointed txn the store opened at ({@link io.pagekv.StoreInfo#checkpointTxnId()}).
     * @return a problem if the newest checkpoint names a damaged commit record.
     * @throws IOException if a file cannot be read.
     */
    static List<VerifyProblem> check(final Path dir, final int pageSize, final long openedTxn) throws IOException
    {
        final List<VerifyProblem> problems = new ArrayList<>();
        final UnsafeBuffer newest = newestSlot(dir.resolve(StoreDirectory.META));
        if (newest == null || SuperblockLayout.commitTxn(newest) <= openedTxn)
        {
            return problems;
        }
        final long recordId = SuperblockLayout.commitPage(newest);
        final Path segment = SegmentFiles.path(dir, PageAddress.segment(recordId));
        final long index = PageAddress.pageIndex(recordId);
        if (!isIntactRecord(segment, pageSize, index, recordId, SuperblockLayout.commitTxn(newest), SuperblockLayout.commitCrc(newest)))
        {
            problems.add(new VerifyProblem(segment, index, index * pageSize, "the newest checkpoint (meta sequence " +
                SuperblockLayout.sequence(newest) + ") names the commit record of txn " + SuperblockLayout.commitTxn(newest) +
                " here, and it is damaged or missing: the store opens at the older checkpoint, txn " + openedTxn +
                ", and every later commit is lost"));
        }
        return problems;
    }

    private static UnsafeBuffer newestSlot(final Path meta) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(meta);
        UnsafeBuffer newest = null;
        for (int slot = 0; slot < SuperblockLayout.SLOT_COUNT; slot++)
        {
            if (bytes.length < (slot + 1) * SuperblockLayout.SLOT_LENGTH)
            {
                break;
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes, slot * SuperblockLayout.SLOT_LENGTH, SuperblockLayout.SLOT_LENGTH);
            if (SuperblockLayout.magic(buffer) == FormatVersion.SUPERBLOCK_MAGIC &&
                SuperblockLayout.computeCrc(buffer) == SuperblockLayout.crc(buffer) &&
                (newest == null || SuperblockLayout.sequence(buffer) > SuperblockLayout.sequence(newest)))
            {
                newest = buffer;
            }
        }
        return newest;
    }

    private static boolean isIntactRecord(
        final Path segment, final int pageSize, final long index, final long recordId, final long txnId, final int recordCrc)
        throws IOException
    {
        if (!Files.exists(segment))
        {
            return false;
        }
        final ByteBuffer page = ByteBuffer.allocate(pageSize);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ))
        {
            while (page.hasRemaining() && channel.read(page, index * pageSize + page.position()) > 0)
            {
                continue;
            }
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(page.array());
        return !page.hasRemaining() && PageLayout.type(buffer, 0) == PageType.COMMIT && PageLayout.pageId(buffer, 0) == recordId &&
            PageLayout.txnId(buffer, 0) == txnId && PageLayout.crc(buffer, 0) == recordCrc &&
            PageLayout.checksum(buffer, 0, pageSize) == recordCrc;
    }
}
