package io.pagekv.ipc;

import io.pagekv.format.PageAddress;
import io.pagekv.format.RunLockLayout;
import io.pagekv.io.FileIO;
import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunLocksTest
{
    /** A holder token whose process cannot be running: no pid is that large. */
    private static final long DEAD = (long)Integer.MAX_VALUE << 32 | 12345;

    @TempDir
    Path dir;

    @Test
    void settlingDeadHoldersTouchesOnlyTheStripesNotTheRegistryOrTheChangers() throws IOException
    {
        try (RunLocks locks = new RunLocks(dir, FileIO.jdk()))
        {
            final Set<Long> registered = new HashSet<>();
            for (int i = 1; i <= 200; i++)
            {
                final long runId = PageAddress.of(3, i * 4);
                assertTrue(locks.register(runId));
                registered.add(runId);
            }
            // A changer that died: in slot 0 of the table, which lies on a multiple of a stripe's length.
            putLong(RunLockLayout.CHANGERS_OFFSET, DEAD);
            final LongArrayList resealed = new LongArrayList();
            locks.settleDeadHolders(resealed::addLong);
            assertEquals(0, resealed.size(), "no stripe was held, yet runs were resealed: " + resealed);
            assertTrue(locks.clearStoppedChangers(), "the dead changer was lost, so its unclean stop goes unnoticed");
            final Set<Long> listed = new HashSet<>();
            locks.resealRegistered(listed::add, runId -> true);
            assertEquals(registered, listed);
        }
    }

    @Test
    void aPatchRecordNamedInAStripeIsReportedCutUntilItIsWrittenOrForgotten() throws IOException
    {
        try (RunLocks locks = new RunLocks(dir, FileIO.jdk()))
        {
            final long first = PageAddress.of(2, 40);
            final long second = PageAddress.of(2, 41);
            final long record = PageAddress.of(5, 7);
            locks.lock(first, true, runId -> { });
            locks.writingInPlace(first, record);
            locks.unlock(first);
            locks.lock(second, true, runId -> { });
            locks.writingInPlace(second, PageAddress.of(5, 9));
            locks.writtenInPlace(second);
            locks.unlock(second);
            assertEquals(1, locks.cutPatchRecords().size());
            assertEquals(record, locks.cutPatchRecords().getLong(0));
            locks.forgetCutPatchRecords();
            assertEquals(0, locks.cutPatchRecords().size());
        }
    }

    private void putLong(final long position, final long value) throws IOException
    {
        try (FileChannel channel = FileChannel.open(dir.resolve("runlocks"), StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder()).putLong(0, value), position);
        }
    }
}
