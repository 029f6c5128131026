package io.pagekv.ipc;

import io.pagekv.StoreException;
import io.pagekv.format.LockFileLayout;
import io.pagekv.format.ReaderSlotLayout;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reader table's slot protocol on a buffer: claims take free slots, pins decide what the
 * writer may delete, a dead owner's slot (no such process, or a reused pid with another start
 * time) is reclaimed, and a full table of live readers is a clear error.
 */
class ReaderTableTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(LockFileLayout.LENGTH));
    private final ReaderTable table = new ReaderTable(buffer, Path.of("lock"));
    private final ProcessIdentity self = ProcessIdentity.current();

    @Test
    void pinsDecideWhatIsOlder()
    {
        final int a = table.claim(self);
        final int b = table.claim(self);
        assertTrue(a != b);
        assertTrue(table.noneOlderThan(Long.MAX_VALUE - 1), "a fresh slot pins nothing");
        table.pin(a, 10);
        table.pin(b, 20);
        assertTrue(table.noneOlderThan(10));
        assertFalse(table.noneOlderThan(11));
        table.release(a, self);
        assertTrue(table.noneOlderThan(20));
        assertFalse(table.noneOlderThan(21));
        table.pin(b, ReaderSlotLayout.UNPINNED);
        assertTrue(table.noneOlderThan(Long.MAX_VALUE - 1));
        assertEquals(1, table.slots().size());
    }

    @Test
    void deadOwnersAreReclaimedAndDoNotPin() throws Exception
    {
        final Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        final ProcessIdentity dead = new ProcessIdentity(gone.pid(), 1);
        final int slot = table.claim(dead);
        table.pin(slot, 5);
        assertFalse(table.slots().get(0).alive());
        assertTrue(table.noneOlderThan(100), "a dead reader's pin does not hold the writer back");
        assertTrue(table.slots().isEmpty(), "and its slot is freed on the way");

        final ProcessIdentity reusedPid = new ProcessIdentity(self.pid(), self.startedAt() - 60_000);
        table.pin(table.claim(reusedPid), 5);
        assertTrue(table.noneOlderThan(100), "a pid now owned by a process that started later is dead");
    }

    @Test
    void aSlotBeingClaimedPinsNothingAndIsFreedIfItsClaimerDied() throws Exception
    {
        final int slot = table.claim(self);
        table.pin(slot, 3);
        table.release(slot, self);
        // A process died between its compare-and-set and the publication of its pid; the
        // previous owner's start time and pin are still there.
        final Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        final int offset = LockFileLayout.READER_TABLE_START + slot * ReaderSlotLayout.LENGTH;
        buffer.putLongVolatile(offset + ReaderSlotLayout.PINNED_TXN_OFFSET, 3);
        buffer.putLongVolatile(offset + ReaderSlotLayout.PID_OFFSET, -gone.pid());
        assertTrue(table.noneOlderThan(100), "a slot being claimed pins nothing");
        assertTrue(table.slots().isEmpty(), "and is not listed");
        assertEquals(1, table.reclaimDead(), "a dead claimer's slot is freed");
        assertEquals(0, buffer.getLongVolatile(offset + ReaderSlotLayout.PID_OFFSET));

        buffer.putLongVolatile(offset + ReaderSlotLayout.PID_OFFSET, -self.pid());
        assertEquals(0, table.reclaimDead(), "a live claimer's slot is left alone");
        assertEquals(-self.pid(), buffer.getLongVolatile(offset + ReaderSlotLayout.PID_OFFSET));
    }

    @Test
    void aFullTableOfLiveReadersIsAClearError() throws Exception
    {
        for (int i = 0; i < LockFileLayout.READER_SLOTS; i++)
        {
            table.claim(self);
        }
        final StoreException full = assertThrows(StoreException.class, () -> table.claim(self));
        assertTrue(full.getMessage().contains("reader table") && full.getMessage().contains("full"), full.getMessage());

        final Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        final ProcessIdentity dead = new ProcessIdentity(gone.pid(), 1);
        table.release(7, self);
        assertEquals(7, table.claim(dead));
        assertEquals(7, table.claim(self), "the slot of a dead owner is reclaimed when the table is full");
    }
}
