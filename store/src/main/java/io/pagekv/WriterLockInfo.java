package io.pagekv;

import io.pagekv.io.ErrorMapper;
import io.pagekv.ipc.LockFile;
import io.pagekv.ipc.WriterLock;

import java.io.IOException;

/**
 * Who holds, or last held, a store's writer lock: what the writer recorded in the {@code lock}
 * file when it took the lock, and whether the lock is held now. The answer of
 * {@code mdb_stat}'s reader-table owner or {@code fuser}, without either.
 *
 * <p>{@code held} is decided by the operating system: a shared lock on the writer's byte is
 * refused while a writer holds it, and the lock dies with its process, so a crashed writer never
 * reads as holding it. {@code alive} says whether a process with the recorded pid runs now, which
 * may also be an unrelated process that reuses the pid; trust {@code held} first.
 *
 * @param pid   the process id of the writer that last took the lock, or -1 if none is recorded
 *              (the store was never opened for writing with a lock file).
 * @param since when it took the lock, epoch milliseconds, or -1.
 * @param held  whether a process holds the writer lock now (this process included).
 * @param alive whether a process with that pid runs now.
 */
public record WriterLockInfo(long pid, long since, boolean held, boolean alive)
{
    /** Nothing recorded and nobody holding the lock. */
    public static final WriterLockInfo NONE = new WriterLockInfo(-1, -1, false, false);

    /**
     * Reads the writer lock of an open store, read-only or not. Takes no lock that a writer could
     * wait for: the probe is refused at once or released at once.
     *
     * @param store an open store.
     * @return the holder, or {@link #NONE} if the store has no lock file.
     * @throws StoreIOException if the lock file cannot be probed.
     */
    public static WriterLockInfo of(final Store store)
    {
        store.checkUsable();
        final LockFile lockFile = store.engine().lockFile();
        if (lockFile == null)
        {
            return NONE;
        }
        final boolean held;
        try
        {
            held = WriterLock.isHeld(lockFile);
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot probe the writer lock of " + store.dir(), ex);
        }
        final long pid = lockFile.writerPid();
        if (pid <= 0)
        {
            return new WriterLockInfo(-1, -1, held, false);
        }
        final boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        return new WriterLockInfo(pid, lockFile.lockedAt(), held, alive);
    }

    /** @return whether a writer's pid is recorded. */
    public boolean recorded()
    {
        return pid > 0;
    }
}
