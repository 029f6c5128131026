package io.pagekv.ipc;

import io.pagekv.StoreException;
import io.pagekv.format.LockFileLayout;
import io.pagekv.format.ReaderSlotLayout;
import org.agrona.concurrent.AtomicBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared reader table in the mapped {@code lock} file ({@link ReaderSlotLayout}): processes
 * that read the store without holding the writer lock each claim a slot and keep in it the
 * oldest commit they still read; the writer deletes a retired segment only when no live slot
 * pins a commit that reaches it. Slots of processes that died are reclaimed by whoever meets
 * them. All fields are read and written with atomic operations on the mapping, so the table
 * works across processes. A claim first sets the pid to its negative (claiming), writes the
 * slot's other fields, then publishes the positive pid: nobody judges a slot by a start time or
 * pin left by its previous owner.
 *
 * <p>Thread-safe.
 */
public final class ReaderTable
{
    /** One slot as read at one moment. */
    public record Slot(int index, ProcessIdentity owner, long pinnedTxn, long claimedAt, boolean alive)
    {
        /** @return whether the owner reads some commit now. */
        public boolean isPinned()
        {
            return pinnedTxn != ReaderSlotLayout.UNPINNED;
        }
    }

    private final AtomicBuffer buffer;
    private final Path file;

    ReaderTable(final AtomicBuffer buffer, final Path file)
    {
        this.buffer = buffer;
        this.file = file;
    }

    /**
     * Claims a free slot (reclaiming dead ones if none is free) for a process that reads nothing
     * yet.
     *
     * @param owner the claiming process.
     * @return the slot's index; give it back with {@link #release}.
     * @throws StoreException if every slot belongs to a live process.
     */
    public int claim(final ProcessIdentity owner)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < LockFileLayout.READER_SLOTS; i++)
            {
                final int slot = offset(i);
                if (buffer.compareAndSetLong(slot + ReaderSlotLayout.PID_OFFSET, 0, -owner.pid()))
                {
                    buffer.putLongVolatile(slot + ReaderSlotLayout.PINNED_TXN_OFFSET, ReaderSlotLayout.UNPINNED);
                    buffer.putLongVolatile(slot + ReaderSlotLayout.START_TIME_OFFSET, owner.startedAt());
                    buffer.putLongVolatile(slot + ReaderSlotLayout.CLAIMED_AT_OFFSET, System.currentTimeMillis());
                    buffer.putLongVolatile(slot + ReaderSlotLayout.PID_OFFSET, owner.pid());
                    return i;
                }
            }
            reclaimDead();
        }
        throw new StoreException("the reader table of " + file + " is full: " + LockFileLayout.READER_SLOTS +
            " live processes read this store; close some, or open this one from a process that already reads it");
    }

    /**
     * Records the oldest commit a slot's owner reads; {@link ReaderSlotLayout#UNPINNED} when none.
     *
     * @param index the owner's slot.
     * @param txnId the oldest commit it reads.
     */
    public void pin(final int index, final long txnId)
    {
        buffer.putLongVolatile(offset(index) + ReaderSlotLayout.PINNED_TXN_OFFSET, txnId);
    }

    /**
     * Frees a slot its owner is done with.
     *
     * @param index the slot.
     * @param owner its owner.
     */
    public void release(final int index, final ProcessIdentity owner)
    {
        final int slot = offset(index);
        buffer.putLongVolatile(slot + ReaderSlotLayout.PINNED_TXN_OFFSET, ReaderSlotLayout.UNPINNED);
        buffer.compareAndSetLong(slot + ReaderSlotLayout.PID_OFFSET, owner.pid(), 0);
    }

    /**
     * The oldest commit a live reader pins, freeing the slots of dead readers on the way (only
     * those that pin something older than {@code txnId} are checked for life: that check reads
     * {@code /proc}).
     *
     * @param txnId a commit.
     * @return whether no live reader reads a commit older than {@code txnId}.
     */
    public boolean noneOlderThan(final long txnId)
    {
        boolean none = true;
        for (int i = 0; i < LockFileLayout.READER_SLOTS; i++)
        {
            final int slot = offset(i);
            final long pid = buffer.getLongVolatile(slot + ReaderSlotLayout.PID_OFFSET);
            if (pid > 0 && buffer.getLongVolatile(slot + ReaderSlotLayout.PINNED_TXN_OFFSET) < txnId)
            {
                if (ownerOf(slot, pid).isAlive())
                {
                    none = false;
                }
                else
                {
                    free(slot, pid);
                }
            }
        }
        return none;
    }

    /**
     * Whether any live process holds a slot, pinning a commit or not, or is claiming one, freeing
     * the slots of dead owners on the way. A process that opened the store read-only keeps its
     * slot until it closes, and may have mapped any segment file it reached meanwhile.
     *
     * @return whether some live process other than the writer reads the store.
     */
    public boolean anyLive()
    {
        boolean any = false;
        for (int i = 0; i < LockFileLayout.READER_SLOTS; i++)
        {
            final int slot = offset(i);
            final long pid = buffer.getLongVolatile(slot + ReaderSlotLayout.PID_OFFSET);
            if (pid != 0)
            {
                if (claimant(slot, pid).isAlive())
                {
                    any = true;
                }
                else
                {
                    free(slot, pid);
                }
            }
        }
        return any;
    }

    /**
     * @return the claimed slots as they are now, dead owners included (marked).
     */
    public List<Slot> slots()
    {
        final List<Slot> found = new ArrayList<>();
        for (int i = 0; i < LockFileLayout.READER_SLOTS; i++)
        {
            final int slot = offset(i);
            final long pid = buffer.getLongVolatile(slot + ReaderSlotLayout.PID_OFFSET);
            if (pid > 0)
            {
                final ProcessIdentity owner = ownerOf(slot, pid);
                found.add(new Slot(i, owner, buffer.getLongVolatile(slot + ReaderSlotLayout.PINNED_TXN_OFFSET),
                    buffer.getLongVolatile(slot + ReaderSlotLayout.CLAIMED_AT_OFFSET), owner.isAlive()));
            }
        }
        return found;
    }

    /**
     * Frees every slot whose owner is gone.
     *
     * @return how many were freed.
     */
    public int reclaimDead()
    {
        int freed = 0;
        for (int i = 0; i < LockFileLayout.READER_SLOTS; i++)
        {
            final int slot = offset(i);
            final long pid = buffer.getLongVolatile(slot + ReaderSlotLayout.PID_OFFSET);
            if (pid != 0 && !claimant(slot, pid).isAlive() && free(slot, pid))
            {
                freed++;
            }
        }
        return freed;
    }

    /** The owner of a claimed slot, or the process claiming it (pid stored negative). */
    private ProcessIdentity claimant(final int slot, final long pid)
    {
        // A slot still being claimed has no start time of its own yet: judged by its pid alone.
        return pid > 0 ? ownerOf(slot, pid) : new ProcessIdentity(-pid, 0);
    }

    private ProcessIdentity ownerOf(final int slot, final long pid)
    {
        return new ProcessIdentity(pid, buffer.getLongVolatile(slot + ReaderSlotLayout.START_TIME_OFFSET));
    }

    private boolean free(final int slot, final long pid)
    {
        return buffer.compareAndSetLong(slot + ReaderSlotLayout.PID_OFFSET, pid, 0);
    }

    private static int offset(final int index)
    {
        return LockFileLayout.READER_TABLE_START + index * ReaderSlotLayout.LENGTH;
    }
}
