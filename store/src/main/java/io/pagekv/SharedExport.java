package io.pagekv;

import io.pagekv.export.ExportAttach;
import io.pagekv.export.LiveExports;
import io.pagekv.export.OpenExport;
import org.agrona.DirectBuffer;

/**
 * A value handed to other processes ({@link Store#export}, {@link Snapshot#export}): they map
 * it, by its {@link #descriptor()}, with their own standard library, for example
 * {@code tools/python/pagekv_export.py} or {@link #attach} in another JVM. {@code docs/ipc.md}
 * describes the descriptor, the routes and the lifetimes.
 *
 * <p>Lifetime: until {@link #close()} (or the store's close); an export dropped without close is
 * closed when it is garbage collected, with a warning naming where it was made. A mapped export keeps its commit
 * registered among the store's readers and its segment pinned, so compaction moves nothing from
 * under it; a shm export holds a shared-memory object of its own, which close unlinks (a process
 * that has it mapped keeps its mapping). The objects of a process that dies are removed at the
 * store's next writer open. Everything is owner-only (0600).
 *
 * <p>Thread-safe; closing is idempotent.
 */
public final class SharedExport implements AutoCloseable
{
    private final OpenExport export;
    private final ExportRelease release;

    SharedExport(final LiveExports owner, final OpenExport export)
    {
        this.export = export;
        this.release = ExportRelease.watch(this, owner, export);
    }

    /**
     * Maps an export from its descriptor, in any JVM on this machine, and checks the value's
     * CRC32C once.
     *
     * @param descriptor what {@link #descriptor()} returned.
     * @return a read-only view of the value; its mapping lives as long as the view is reachable,
     * and stays valid after the export is closed.
     * @throws ExportRefusedException if the descriptor is malformed, names a file outside a store,
     *         of another store or too short, or the bytes do not match its CRC32C.
     */
    public static DirectBuffer attach(final String descriptor)
    {
        AgronaAccess.check();
        return ExportAttach.attach(descriptor);
    }

    /** @return the export's name; for the shm route, the shared-memory object's name. */
    public String name()
    {
        return export.descriptor().name();
    }

    /** @return the value's length in bytes. */
    public long length()
    {
        return export.descriptor().length();
    }

    /** @return the route taken: {@link ExportRoute#MAPPED} or {@link ExportRoute#SHM}. */
    public ExportRoute route()
    {
        return export.route();
    }

    /** @return the commit the value was read from. */
    public long txnId()
    {
        return export.descriptor().txn();
    }

    /** @return the CRC32C of the value's bytes. */
    public int crc32c()
    {
        return export.descriptor().crc32c();
    }

    /** @return the descriptor, one line of JSON, for the other process. */
    public String descriptor()
    {
        return export.descriptor().toJson();
    }

    /** @return whether it was closed. */
    public boolean isClosed()
    {
        return export.isClosed();
    }

    /**
     * Ends the export: unlinks its shared-memory object, or unpins its segment and ends its
     * reader registration. Processes that mapped it keep their mapping. Idempotent.
     *
     * @throws StoreIOException if a segment file released by it cannot be closed or deleted.
     */
    @Override
    public void close()
    {
        release.closeNow();
    }

    @Override
    public String toString()
    {
        return descriptor();
    }
}
