package io.pagekv;

import io.pagekv.io.ErrorMapper;
import io.pagekv.io.FileIO;
import io.pagekv.ipc.CounterWatch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The live counters of a store read from outside, as Aeron's {@code AeronStat} reads a CnC
 * file: the writer keeps them in the {@code lock} file (commits, bytes and pages written, forces,
 * open snapshots, reader processes, exports, compactions, live and total pages, the last commit's
 * time; {@code docs/ipc.md} lists them). Opening this does not open the store, takes no lock and
 * writes nothing; on a store no process has open it shows the last writer's final values.
 *
 * <p>Thread-safe; every {@link #read()} is a fresh sample.
 */
public final class LiveCounters implements AutoCloseable
{
    /**
     * One counter as read.
     *
     * @param id     its id in the lock file.
     * @param typeId what it counts ({@code docs/ipc.md}); stable across versions.
     * @param label  its label.
     * @param value  its value.
     */
    public record Counter(int id, int typeId, String label, long value)
    {
    }

    private final Path dir;
    private final CounterWatch watch;

    private LiveCounters(final Path dir, final CounterWatch watch)
    {
        this.dir = dir;
        this.watch = watch;
    }

    /**
     * Maps the counters of the store in {@code dir}.
     *
     * @param dir the store directory.
     * @return the counters; close them.
     * @throws StoreException if the directory has no lock file (no writer ever opened it) or it
     *         cannot be mapped.
     */
    public static LiveCounters open(final Path dir)
    {
        AgronaAccess.check();
        try
        {
            return new LiveCounters(dir, CounterWatch.open(dir, FileIO.jdk()));
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot read the live counters of " + dir, ex);
        }
    }

    /**
     * @return the counters now; empty if no writer of this version ever allocated them.
     */
    public List<Counter> read()
    {
        final List<Counter> counters = new ArrayList<>();
        watch.read((id, typeId, label, value) -> counters.add(new Counter(id, typeId, label, value)));
        return counters;
    }

    /**
     * @return the pid of the process that last held the writer lock, or -1 if none is recorded.
     */
    public long writerPid()
    {
        return watch.writerPid();
    }

    /**
     * @return whether a process has the store open for writing now (if not, the values are the
     * last writer's final ones).
     */
    public boolean isWriterOpen()
    {
        try
        {
            return watch.isWriterOpen();
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot probe the writer lock of " + dir, ex);
        }
    }

    @Override
    public void close()
    {
        try
        {
            watch.close();
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot close the lock file of " + dir, ex);
        }
    }
}
