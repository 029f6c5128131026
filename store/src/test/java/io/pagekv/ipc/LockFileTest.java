package io.pagekv.ipc;

import io.pagekv.StoreLockedException;
import io.pagekv.format.LockFileLayout;
import io.pagekv.format.StoreFileNames;
import io.pagekv.io.FileIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock file as a mapped flyweight: the writer records itself through the file, and a
 * read-only opener sees it through its own mapping, with no write of its own.
 */
class LockFileTest
{
    @TempDir
    Path dir;

    @Test
    void writerRecordsItselfAndReadersSeeItThroughTheirMapping() throws IOException
    {
        assertNull(WriterLock.openForReading(dir, FileIO.jdk()), "a store without a lock file has nothing to map");
        final long before = System.currentTimeMillis();
        try (WriterLock lock = WriterLock.acquire(dir, FileIO.jdk()))
        {
            assertEquals(LockFileLayout.LENGTH, Files.size(dir.resolve(StoreFileNames.LOCK)));
            final LockFile reader = WriterLock.openForReading(dir, FileIO.jdk());
            try
            {
                assertTrue(reader.hasHeader());
                assertEquals(ProcessHandle.current().pid(), reader.writerPid());
                assertTrue(reader.lockedAt() >= before && reader.lockedAt() <= System.currentTimeMillis());
                assertThrows(IllegalStateException.class, () -> reader.recordWriter(1, 2, null), "only the writer writes the header");
            }
            finally
            {
                reader.close();
            }
            final StoreLockedException refused = assertThrows(StoreLockedException.class, () -> WriterLock.acquire(dir, FileIO.jdk()));
            assertTrue(refused.getMessage().contains(Long.toString(ProcessHandle.current().pid())), refused.getMessage());
        }
        try (WriterLock again = WriterLock.acquire(dir, FileIO.jdk()))
        {
            assertEquals(ProcessHandle.current().pid(), again.lockFile().writerPid(), "released at close, taken again");
        }
    }

    @Test
    void theNextWriterLearnsWhetherItsPredecessorRanInThisBootAndKeepsTheLogGeneration() throws IOException
    {
        try (WriterLock first = WriterLock.acquire(dir, FileIO.jdk()))
        {
            assertFalse(first.previousWriterInThisBoot(), "no writer took the lock before");
            first.lockFile().bumpLogGeneration();
            first.lockFile().bumpLogGeneration();
            assertEquals(2, first.lockFile().logGeneration());
        }
        try (WriterLock second = WriterLock.acquire(dir, FileIO.jdk()))
        {
            assertEquals(BootId.current() != null, second.previousWriterInThisBoot(), "the first writer ran in this boot");
            assertEquals(2, second.lockFile().logGeneration(), "the writer counts on from the file's generation");
            second.lockFile().bumpLogGeneration();
            final LockFile reader = WriterLock.openForReading(dir, FileIO.jdk());
            try
            {
                assertEquals(3, reader.logGeneration(), "a reader sees the writer's bump through its mapping");
                assertEquals(ProcessHandle.current().pid(), reader.writerPid());
            }
            finally
            {
                reader.close();
            }
        }
    }

    @Test
    void aShortOrForeignLockFileNamesNoWriter() throws IOException
    {
        Files.write(dir.resolve(StoreFileNames.LOCK), new byte[] {1, 2, 3});
        final LockFile reader = WriterLock.openForReading(dir, FileIO.jdk());
        try
        {
            assertFalse(reader.hasHeader());
            assertEquals(-1, reader.writerPid());
        }
        finally
        {
            reader.close();
        }
    }
}
