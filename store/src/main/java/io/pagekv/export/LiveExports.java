package io.pagekv.export;

import io.pagekv.ExportLimitException;
import io.pagekv.ExportRoute;
import io.pagekv.StoreException;
import io.pagekv.btree.PointLookup;
import io.pagekv.format.Checksums;
import io.pagekv.io.ErrorMapper;
import io.pagekv.ipc.ProcessIdentity;
import io.pagekv.ipc.StoreCounters;
import io.pagekv.page.Segment;
import io.pagekv.page.SegmentTable;
import io.pagekv.value.ValueReader;
import io.pagekv.txn.CommitState;
import io.pagekv.txn.OpenReaders;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * The exports of one open store in this process: the one owner that creates them, keeps them
 * within the limits, and closes them (at the latest when the store closes).
 *
 * <p>A mapped export keeps the value's pages where they are for as long as it lives: it is
 * registered among the store's readers as a reader of its commit, so that compaction schedules
 * no retirement under it (and the reader table tells a writer in another process the same), and
 * it pins its segment, so that the file is neither closed nor deleted. A shm export copies the
 * value once into a shared-memory object ({@link ShmObjects}) and holds nothing of the store.
 *
 * <p>Thread-safe.
 */
public final class LiveExports
{
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final SegmentTable segments;
    private final OpenReaders readers;
    private final StoreCounters counters;
    private final int maxCount;
    private final long maxShmBytes;
    private final ProcessIdentity self = ProcessIdentity.current();
    private final Set<OpenExport> open = ConcurrentHashMap.newKeySet();
    private final ExportAudit audit;
    private final ValueReader values;
    /** Guarded by this. */
    private int count;
    /** Guarded by this. */
    private long shmBytes;

    /**
     * @param segments    the store's segments.
     * @param readers     the store's readers, where a mapped export registers.
     * @param counters    the live counters exports move.
     * @param maxCount    the most exports open at once.
     * @param maxShmBytes the most bytes of shared memory they may hold at once.
     */
    public LiveExports(
        final SegmentTable segments, final ValueReader values, final OpenReaders readers, final StoreCounters counters, final int maxCount,
        final long maxShmBytes, final ExportAudit audit)
    {
        this.audit = audit;
        this.values = values;
        this.segments = segments;
        this.readers = readers;
        this.counters = counters;
        this.maxCount = maxCount;
        this.maxShmBytes = maxShmBytes;
    }

    /**
     * Exports the value of {@code key} in a commit, taking over the caller's registration of that
     * commit among the readers: a mapped export keeps it until closed, anything else ends it
     * before returning.
     *
     * @param state     the commit to read, registered with {@link OpenReaders#open} by the caller.
     * @param key       the key.
     * @param keyLength its length.
     * @param route     the route wanted.
     * @return the export, or null if the key is absent.
     * @throws ExportLimitException if it would go over the limits.
     * @throws StoreException       if {@link ExportRoute#MAPPED} is asked for a value that is not in an
     *                              overflow run, or the shared-memory object cannot be made.
     */
    public OpenExport open(final CommitState state, final DirectBuffer key, final int keyLength, final ExportRoute route)
    {
        boolean registered = true;
        try
        {
            final UnsafeBuffer view = new UnsafeBuffer(0, 0);
            // A compressed value is read inflated (a heap copy): it goes through shared memory.
            if (!PointLookup.find(values, state.root(), state.depth(), key, 0, keyLength, view))
            {
                return null;
            }
            // Once per export, before anything is created: an export is a write to the audit.
            audit.beforeExport(key, keyLength, state.txnId(), view.capacity());
            final ValueLocation location = ValueLocation.ofOverflow(segments.pages(), view);
            if (route == ExportRoute.MAPPED && location == null)
            {
                throw new StoreException("cannot export a value of " + view.capacity() + " bytes mapped: it is not stored as " +
                    "itself in an overflow run of " + segments.dir() + " (it lies inline in a leaf page, or is stored " +
                    "LZ4-compressed); export it with the shm route");
            }
            final OpenExport export;
            if (route != ExportRoute.SHM && location != null)
            {
                export = mapped(state, view, location);
            }
            else
            {
                export = shm(state, view);
                readers.close(state);
            }
            registered = false;
            open.add(export);
            counters.exports(1, export.shmBytes());
            return export;
        }
        finally
        {
            if (registered)
            {
                readers.close(state);
            }
        }
    }

    private OpenExport mapped(final CommitState state, final DirectBuffer view, final ValueLocation location)
    {
        reserve(0);
        final Segment pinned = segments.pin(location.segment().number());
        if (pinned == null)
        {
            unreserve(0);
            throw new StoreException("segment " + location.segment().path() + " left the store while its value was being exported");
        }
        final ExportDescriptor descriptor = new ExportDescriptor(ExportDescriptor.MAPPED, nextName(), segments.storeId(),
            state.txnId(), view.capacity(), crc(view), pinned.path().toAbsolutePath().toString(), location.offset());
        return new OpenExport(descriptor, ExportRoute.MAPPED, 0, () ->
        {
            try
            {
                segments.unpin(pinned);
            }
            catch (final IOException ex)
            {
                throw ErrorMapper.io("cannot release segment " + pinned.path() + " of export " + descriptor.name(), ex);
            }
            finally
            {
                readers.close(state);
            }
        });
    }

    private OpenExport shm(final CommitState state, final DirectBuffer view)
    {
        final long length = view.capacity();
        reserve(length);
        final String name = nextName();
        try
        {
            final MappedByteBuffer object = ShmObjects.create(name, length);
            new UnsafeBuffer(object).putBytes(0, view, 0, view.capacity());
            final ExportDescriptor descriptor = new ExportDescriptor(ExportDescriptor.SHM, name, segments.storeId(), state.txnId(),
                length, crc(view), ShmObjects.DIR.resolve(name).toString(), 0);
            return new OpenExport(descriptor, ExportRoute.SHM, length, () -> ShmObjects.unlink(name));
        }
        catch (final RuntimeException | InternalError ex)
        {
            ShmObjects.unlink(name);
            unreserve(length);
            throw ex;
        }
    }

    /**
     * Closes an export: unlinks its object, or unpins its segment and ends its reader.
     *
     * @param export an export of this store.
     * @throws io.pagekv.StoreIOException if a released segment file cannot be closed or deleted.
     */
    public void close(final OpenExport export)
    {
        if (open.remove(export))
        {
            try
            {
                export.closeOnce();
            }
            finally
            {
                unreserve(export.shmBytes());
                counters.exports(-1, -export.shmBytes());
            }
        }
    }

    /**
     * Closes every export still open: the store is closing.
     */
    public void closeAll()
    {
        for (final OpenExport export : List.copyOf(open))
        {
            close(export);
        }
    }

    /** @return exports open now. */
    public synchronized int count()
    {
        return count;
    }

    private synchronized void reserve(final long bytes)
    {
        if (count >= maxCount)
        {
            throw new ExportLimitException("cannot export from " + segments.dir() + ": " + count + " exports are open, the " +
                "limit is " + maxCount + " (StoreOptions.withExportLimits); close some first");
        }
        if (bytes > maxShmBytes - shmBytes)
        {
            throw new ExportLimitException("cannot export " + bytes + " bytes through shared memory from " + segments.dir() + ": " +
                "exports hold " + shmBytes + " bytes, the limit is " + maxShmBytes + " (StoreOptions.withExportLimits)");
        }
        count++;
        shmBytes += bytes;
    }

    private synchronized void unreserve(final long bytes)
    {
        count--;
        shmBytes -= bytes;
    }

    private String nextName()
    {
        return ShmObjects.name(segments.storeId(), self, SEQUENCE.incrementAndGet());
    }

    private static int crc(final DirectBuffer view)
    {
        final CRC32C crc = new CRC32C();
        Checksums.update(crc, view, 0, view.capacity());
        return (int)crc.getValue();
    }
}
