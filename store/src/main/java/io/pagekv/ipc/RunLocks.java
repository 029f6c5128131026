package io.pagekv.ipc;

import io.pagekv.format.RunLockLayout;
import io.pagekv.format.StoreFileNames;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongPredicate;

/**
 * The stripe locks of patchable runs ({@link RunLockLayout}), across threads and processes: a
 * lock word holds the holder's pid and is taken with a compare-and-set on the shared mapping.
 * A holder that died holding a stripe is detected by its pid no longer running; the stripe is
 * then taken over, and the run the dead holder was changing is handed to a {@link Resealer}
 * first, because its checksum may lag behind its bytes.
 *
 * <p>The file is created by the first process that changes a run in place ({@link #lock} with
 * {@code create}); until then a checker finds no file and needs no lock, since nothing has
 * changed in place.
 *
 * <p>Thread-safe. The holder of a stripe never waits for anything else while it holds it, so
 * stripes cannot deadlock.
 */
public final class RunLocks implements Closeable
{
    /** What to do with a run whose last changer died holding its stripe. */
    @FunctionalInterface
    public interface Resealer
    {
        /**
         * Recomputes the run's checksum from its bytes; called with the run's stripe held.
         *
         * @param runId the run's first page id.
         */
        void reseal(long runId);
    }

    private static final long SELF = token(ProcessHandle.current());
    private static final int SPINS_BEFORE_YIELD = 256;
    private static final long LIVENESS_CHECK_NANOS = 1_000_000;

    private final Path path;
    private final FileIO io;
    private volatile UnsafeBuffer buffer;
    private StoreFile file;

    /**
     * @param dir the store directory.
     * @param io  the file seam.
     */
    public RunLocks(final Path dir, final FileIO io)
    {
        this.path = dir.resolve(StoreFileNames.RUN_LOCKS);
        this.io = io;
    }

    /**
     * Takes the stripe of {@code runId}, waiting while another thread or process holds it.
     *
     * @param runId    the run to change or check.
     * @param create   whether to create the file if it does not exist yet (for a change).
     * @param resealer told of a run left behind by a holder that died.
     * @return whether the stripe is held (false only when the file does not exist and {@code create} is false).
     * @throws IOException if the file cannot be opened or created.
     */
    public boolean lock(final long runId, final boolean create, final Resealer resealer) throws IOException
    {
        final UnsafeBuffer locks = map(create);
        if (locks == null)
        {
            return false;
        }
        final int stripe = RunLockLayout.stripeOffset(runId);
        final int owner = stripe + RunLockLayout.OWNER_OFFSET;
        int spins = 0;
        long lastCheck = System.nanoTime();
        while (!locks.compareAndSetLong(owner, 0, SELF))
        {
            final long holder = locks.getLongVolatile(owner);
            if (holder != 0 && System.nanoTime() - lastCheck > LIVENESS_CHECK_NANOS)
            {
                lastCheck = System.nanoTime();
                if (!isRunning(holder) && locks.compareAndSetLong(owner, holder, SELF))
                {
                    final long left = locks.getLongVolatile(stripe + RunLockLayout.RUN_OFFSET);
                    if (left != 0)
                    {
                        resealer.reseal(left);
                    }
                    break;
                }
            }
            if (++spins < SPINS_BEFORE_YIELD)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield();
            }
        }
        locks.putLongOrdered(stripe + RunLockLayout.RUN_OFFSET, runId);
        return true;
    }

    /**
     * Releases the stripe of {@code runId}, taken by {@link #lock} on this thread.
     *
     * @param runId the run.
     */
    public void unlock(final long runId)
    {
        buffer.putLongOrdered(RunLockLayout.stripeOffset(runId) + RunLockLayout.OWNER_OFFSET, 0);
    }

    /**
     * Names, in the stripe of {@code runId} (held by this thread), the patch record whose bytes
     * the caller is about to write in place; {@link #writtenInPlace} clears it once they are
     * written. Writer only.
     *
     * @param runId    the patched run.
     * @param recordId the patch record's page id.
     */
    public void writingInPlace(final long runId, final long recordId)
    {
        buffer.putLongOrdered(RunLockLayout.stripeOffset(runId) + RunLockLayout.RECORD_OFFSET, recordId);
    }

    /**
     * @param runId the patched run, whose stripe this thread holds: its patch is wholly written.
     */
    public void writtenInPlace(final long runId)
    {
        buffer.putLongOrdered(RunLockLayout.stripeOffset(runId) + RunLockLayout.RECORD_OFFSET, 0);
    }

    /**
     * @return the patch records named in stripes: the in-place writes a writer's death (or a
     * failed write) cut, in stripe order; empty if the file does not exist.
     * @throws IOException if the file exists but cannot be mapped.
     */
    public LongArrayList cutPatchRecords() throws IOException
    {
        final LongArrayList records = new LongArrayList();
        final UnsafeBuffer locks = map(false);
        if (locks != null)
        {
            for (int stripe = 0; stripe < RunLockLayout.REGISTRY_OFFSET; stripe += RunLockLayout.STRIPE_LENGTH)
            {
                final long record = locks.getLongVolatile(stripe + RunLockLayout.RECORD_OFFSET);
                if (record != 0)
                {
                    records.addLong(record);
                }
            }
        }
        return records;
    }

    /**
     * Clears every stripe's patch record: for the writer at open, once the records are written
     * again (or are known to be past the checkpoint's cover).
     *
     * @throws IOException if the file exists but cannot be mapped.
     */
    public void forgetCutPatchRecords() throws IOException
    {
        final UnsafeBuffer locks = map(false);
        if (locks != null)
        {
            for (int stripe = 0; stripe < RunLockLayout.REGISTRY_OFFSET; stripe += RunLockLayout.STRIPE_LENGTH)
            {
                locks.putLongOrdered(stripe + RunLockLayout.RECORD_OFFSET, 0);
            }
        }
    }

    /**
     * Adds a run to the registry of changed runs and forces the file, unless it is there: before
     * a process first changes the run.
     *
     * @param runId the run.
     * @return false if the registry is full (the run is then not listed).
     * @throws IOException if the file cannot be mapped or forced.
     */
    public boolean register(final long runId) throws IOException
    {
        final UnsafeBuffer locks = map(true);
        final int first = RunLockLayout.firstRegistrySlot(runId);
        for (int i = 0; i < RunLockLayout.REGISTRY_SLOTS; i++)
        {
            final int slot = RunLockLayout.registryOffset((first + i) % RunLockLayout.REGISTRY_SLOTS);
            final long found = locks.getLongVolatile(slot);
            if (found == runId)
            {
                return true;
            }
            if (found == 0 && locks.compareAndSetLong(slot, 0, runId))
            {
                file.force();
                return true;
            }
            if (locks.getLongVolatile(slot) == runId)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Hands every run in the registry to {@code resealer}, each with its stripe held: for the
     * writer at open, since after a power loss the disk may hold a changed run's pages from
     * different moments.
     *
     * @param resealer told of each registered run that is still a run.
     * @param isRun    whether a registered id still names a patchable run; one that does not
     *                 (its segment was retired) is dropped from the registry.
     * @throws IOException if the file exists but cannot be mapped.
     */
    public void resealRegistered(final Resealer resealer, final LongPredicate isRun) throws IOException
    {
        final UnsafeBuffer locks = map(false);
        if (locks == null)
        {
            return;
        }
        for (int i = 0; i < RunLockLayout.REGISTRY_SLOTS; i++)
        {
            final long runId = locks.getLongVolatile(RunLockLayout.registryOffset(i));
            if (runId != 0 && !isRun.test(runId))
            {
                locks.compareAndSetLong(RunLockLayout.registryOffset(i), runId, 0);
            }
            else if (runId != 0)
            {
                lock(runId, false, resealer);
                try
                {
                    resealer.reseal(runId);
                }
                finally
                {
                    unlock(runId);
                }
            }
        }
    }

    /**
     * Takes over every stripe whose holder died and hands its run to {@code resealer}: for the
     * writer at open, so that a run a killed process left behind is consistent again.
     *
     * @param resealer told of each run left behind.
     * @return how many runs were resealed.
     * @throws IOException if the file exists but cannot be mapped.
     */
    public int settleDeadHolders(final Resealer resealer) throws IOException
    {
        final UnsafeBuffer locks = map(false);
        if (locks == null)
        {
            return 0;
        }
        int settled = 0;
        for (int stripe = 0; stripe < RunLockLayout.REGISTRY_OFFSET; stripe += RunLockLayout.STRIPE_LENGTH)
        {
            final int owner = stripe + RunLockLayout.OWNER_OFFSET;
            final long holder = locks.getLongVolatile(owner);
            if (holder != 0 && holder != SELF && !isRunning(holder) && locks.compareAndSetLong(owner, holder, SELF))
            {
                final long left = locks.getLongVolatile(stripe + RunLockLayout.RUN_OFFSET);
                try
                {
                    if (left != 0)
                    {
                        resealer.reseal(left);
                        settled++;
                    }
                }
                finally
                {
                    locks.putLongOrdered(owner, 0);
                }
            }
        }
        return settled;
    }

    /**
     * @return whether the file exists: whether any process ever changed a run in place (or
     * checked one that was) since the store was created.
     */
    public boolean fileExists()
    {
        return buffer != null || Files.exists(path);
    }

    private UnsafeBuffer map(final boolean create) throws IOException
    {
        final UnsafeBuffer mapped = buffer;
        if (mapped != null)
        {
            return mapped;
        }
        synchronized (this)
        {
            if (buffer == null)
            {
                if (!create && !Files.exists(path))
                {
                    return null;
                }
                file = io.open(path, true);
                if (file.size() < RunLockLayout.LENGTH)
                {
                    // Extending to the same length twice (two processes at once) is harmless: the tail is zeros.
                    file.setLength(RunLockLayout.LENGTH);
                }
                buffer = new UnsafeBuffer(file.mapReadWrite(RunLockLayout.LENGTH));
            }
            return buffer;
        }
    }

    /**
     * Puts this process in the table of changers and forces the file: before its first change.
     *
     * @return false if the table is full (then an unclean stop of this process goes unnoticed).
     * @throws IOException if the file cannot be mapped or forced.
     */
    public boolean joinChangers() throws IOException
    {
        final UnsafeBuffer locks = map(true);
        for (int i = 0; i < RunLockLayout.CHANGER_SLOTS; i++)
        {
            final int slot = RunLockLayout.CHANGERS_OFFSET + i * Long.BYTES;
            if (locks.getLongVolatile(slot) == 0 && locks.compareAndSetLong(slot, 0, SELF))
            {
                file.force();
                return true;
            }
        }
        return false;
    }

    /**
     * Takes this process out of the table of changers and forces the file: at close, after what
     * it changed was forced.
     *
     * @throws IOException if the force fails.
     */
    public void leaveChangers() throws IOException
    {
        final UnsafeBuffer locks = buffer;
        if (locks == null)
        {
            return;
        }
        for (int i = 0; i < RunLockLayout.CHANGER_SLOTS; i++)
        {
            locks.compareAndSetLong(RunLockLayout.CHANGERS_OFFSET + i * Long.BYTES, SELF, 0);
        }
        file.force();
    }

    /**
     * Clears the entries of changers that no longer run: for the writer at open.
     *
     * @return whether any was found: some process stopped uncleanly after changing runs.
     * @throws IOException if the file exists but cannot be mapped.
     */
    public boolean clearStoppedChangers() throws IOException
    {
        final UnsafeBuffer locks = map(false);
        if (locks == null)
        {
            return false;
        }
        boolean found = false;
        for (int i = 0; i < RunLockLayout.CHANGER_SLOTS; i++)
        {
            final int slot = RunLockLayout.CHANGERS_OFFSET + i * Long.BYTES;
            final long changer = locks.getLongVolatile(slot);
            if (changer != 0 && !isRunning(changer))
            {
                found |= locks.compareAndSetLong(slot, changer, 0);
            }
        }
        return found;
    }

    private static long token(final ProcessHandle process)
    {
        final long started = process.info().startInstant().map(instant -> instant.getEpochSecond() & 0xFFFFFFFFL).orElse(0L);
        return process.pid() << 32 | started;
    }

    private static boolean isRunning(final long holder)
    {
        return holder == SELF || ProcessHandle.of(holder >>> 32).filter(ProcessHandle::isAlive).map(RunLocks::token)
            .map(token -> token == holder).orElse(false);
    }

    /** Closes the file; the mapping goes with the garbage collector (decision 6). */
    @Override
    public synchronized void close() throws IOException
    {
        if (file != null)
        {
            file.close();
            file = null;
        }
    }
}
