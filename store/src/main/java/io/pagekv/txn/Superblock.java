package io.pagekv.txn;

import io.pagekv.CorruptStoreException;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.SuperblockLayout;
import io.pagekv.io.StoreFile;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the two superblock slots of the {@code meta} file.
 */
public final class Superblock
{
    /** Length of the meta file. */
    public static final int FILE_LENGTH = SuperblockLayout.SLOT_LENGTH * SuperblockLayout.SLOT_COUNT;

    private Superblock()
    {
    }

    /**
     * Reads both slots.
     *
     * @param meta    the meta file.
     * @param damaged receives one exception per slot that was written but is not valid now.
     * @return the valid slots, newest first; at least one.
     * @throws IOException           if the file cannot be read.
     * @throws CorruptStoreException if no slot is valid, or a slot has a newer format version.
     */
    public static List<SuperblockSlot> read(final StoreFile meta, final List<CorruptStoreException> damaged) throws IOException
    {
        final List<SuperblockSlot> valid = new ArrayList<>(2);
        final StringBuilder why = new StringBuilder();
        // Both slots in one read: an open pays one system call for the superblock.
        final ByteBuffer file = ByteBuffer.allocate(SuperblockLayout.SLOT_COUNT * SuperblockLayout.SLOT_LENGTH);
        meta.readFully(0, file);
        for (int slot = 0; slot < SuperblockLayout.SLOT_COUNT; slot++)
        {
            final int position = slot * SuperblockLayout.SLOT_LENGTH;
            final ByteBuffer bytes = file.slice(position, SuperblockLayout.SLOT_LENGTH).position(slotBytesRead(file, position));
            final UnsafeBuffer buffer = new UnsafeBuffer(file.array(), position, SuperblockLayout.SLOT_LENGTH);
            final String problem = bytes.hasRemaining() ? "file ends at " + (position + bytes.position()) : check(buffer);
            if (problem == null)
            {
                if (SuperblockLayout.version(buffer) > FormatVersion.CURRENT)
                {
                    throw new CorruptStoreException(meta.path(), CorruptStoreException.UNKNOWN, position + SuperblockLayout.VERSION_OFFSET,
                        "format version " + SuperblockLayout.version(buffer) + " is newer than this build reads (" +
                        FormatVersion.CURRENT + "); open it with a newer pagekv");
                }
                valid.add(new SuperblockSlot(slot, SuperblockLayout.sequence(buffer), SuperblockLayout.storeId(buffer),
                    SuperblockLayout.pageSize(buffer), SuperblockLayout.commitPage(buffer), SuperblockLayout.commitTxn(buffer),
                    SuperblockLayout.commitCrc(buffer), SuperblockLayout.firstSegment(buffer), SuperblockLayout.segmentSize(buffer), SuperblockLayout.created(buffer),
                    liveCounts(buffer), (SuperblockLayout.flags(buffer) & SuperblockLayout.FLAG_CLOSED_CLEANLY) != 0));
            }
            else
            {
                why.append(why.length() == 0 ? "" : "; ").append("slot ").append(slot).append(": ").append(problem);
                if (!isNeverWritten(bytes))
                {
                    damaged.add(new CorruptStoreException(meta.path(), CorruptStoreException.UNKNOWN, position,
                        "superblock slot " + slot + " is damaged (" + problem + "); the other slot was used"));
                }
            }
        }
        if (valid.isEmpty())
        {
            throw new CorruptStoreException(meta.path(), CorruptStoreException.UNKNOWN, 0, "no valid superblock slot (" + why + ")");
        }
        valid.sort((a, b) -> Long.compare(b.sequence(), a.sequence()));
        return valid;
    }

    /**
     * @return the slot's live counts, or null if it has none or says it has more than fit (a
     * slot whose CRC holds but whose count is out of range is not trusted for them; verify
     * recounts what the writer then keeps).
     */
    private static LiveCounts liveCounts(final UnsafeBuffer buffer)
    {
        final long count = SuperblockLayout.liveCount(buffer);
        if (count == 0 || count > SuperblockLayout.MAX_LIVE_COUNTS)
        {
            return null;
        }
        final long[] pages = new long[(int)count];
        for (int i = 0; i < pages.length; i++)
        {
            pages[i] = SuperblockLayout.livePages(buffer, i);
        }
        return new LiveCounts(SuperblockLayout.commitTxn(buffer), SuperblockLayout.liveFirstSegment(buffer), pages);
    }

    /** @return how many bytes of the slot at {@code position} the read of the file filled. */
    private static int slotBytesRead(final ByteBuffer file, final int position)
    {
        return Math.max(0, Math.min(SuperblockLayout.SLOT_LENGTH, file.position() - position));
    }

    private static boolean isNeverWritten(final ByteBuffer slot)
    {
        for (int i = 0; i < slot.position(); i++)
        {
            if (slot.get(i) != 0)
            {
                return false;
            }
        }
        return true;
    }

    private static String check(final UnsafeBuffer buffer)
    {
        if (SuperblockLayout.magic(buffer) != FormatVersion.SUPERBLOCK_MAGIC)
        {
            return "magic 0x" + Integer.toHexString(SuperblockLayout.magic(buffer)) + ", expected 0x" +
                Integer.toHexString(FormatVersion.SUPERBLOCK_MAGIC);
        }
        final int crc = SuperblockLayout.computeCrc(buffer);
        if (crc != SuperblockLayout.crc(buffer))
        {
            return "CRC32C 0x" + Integer.toHexString(crc) + " computed, 0x" + Integer.toHexString(SuperblockLayout.crc(buffer)) + " stored";
        }
        final int pageSize = SuperblockLayout.pageSize(buffer);
        if (!FormatVersion.isValidPageSize(pageSize))
        {
            return "page size " + pageSize + " is not a power of two from " + FormatVersion.MIN_PAGE_SIZE + " to " + FormatVersion.MAX_PAGE_SIZE;
        }
        return null;
    }

    /**
     * Writes one slot and forces the file.
     *
     * @param meta  the meta file.
     * @param slot  the slot's contents.
     * @throws IOException if the write or force fails.
     */
    public static void write(final StoreFile meta, final SuperblockSlot slot) throws IOException
    {
        write(meta, slot, true);
    }

    /**
     * Writes one slot, and forces the file if {@code force}. A slot written without a force must
     * be forced before the other slot is written: at most one slot may be in flight, so that a
     * crash can never tear both.
     *
     * @param meta  the meta file.
     * @param slot  the slot's contents.
     * @param force whether to force the file after the write.
     * @throws IOException if the write or force fails.
     */
    public static void write(final StoreFile meta, final SuperblockSlot slot, final boolean force) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocateDirect(SuperblockLayout.SLOT_LENGTH);
        SuperblockLayout.write(new UnsafeBuffer(bytes), slot.pageSize(), slot.sequence(), slot.storeId(),
            slot.commitPage(), slot.commitTxn(), slot.commitCrc(), slot.firstSegment(), slot.segmentSize(), slot.created(),
            slot.closedCleanly() ? SuperblockLayout.FLAG_CLOSED_CLEANLY : 0);
        if (slot.liveCounts() != null)
        {
            SuperblockLayout.writeLiveCounts(new UnsafeBuffer(bytes), slot.liveCounts().firstSegment(), slot.liveCounts().livePages());
        }
        meta.write((long)slot.slot() * SuperblockLayout.SLOT_LENGTH, bytes);
        if (force)
        {
            meta.force();
        }
    }
}
