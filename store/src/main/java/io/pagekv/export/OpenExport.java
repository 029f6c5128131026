package io.pagekv.export;

import io.pagekv.ExportRoute;

/**
 * One live export as its owner holds it: what it hands out ({@link #descriptor()}) and what
 * closing it gives back (the shared-memory object, or the pinned segment and reader registration
 * of a mapped export). Closed by its {@link LiveExports}, once.
 */
public final class OpenExport
{
    private final ExportDescriptor descriptor;
    private final ExportRoute route;
    private final Runnable release;
    private final long shmBytes;
    private boolean closed;

    OpenExport(final ExportDescriptor descriptor, final ExportRoute route, final long shmBytes, final Runnable release)
    {
        this.descriptor = descriptor;
        this.route = route;
        this.shmBytes = shmBytes;
        this.release = release;
    }

    /** @return the descriptor. */
    public ExportDescriptor descriptor()
    {
        return descriptor;
    }

    /** @return the route taken: {@link ExportRoute#MAPPED} or {@link ExportRoute#SHM}. */
    public ExportRoute route()
    {
        return route;
    }

    /** @return bytes of shared memory it holds (0 for a mapped export). */
    long shmBytes()
    {
        return shmBytes;
    }

    /**
     * Runs the release, the first time only.
     *
     * @return whether this call closed it.
     */
    synchronized boolean closeOnce()
    {
        if (closed)
        {
            return false;
        }
        closed = true;
        release.run();
        return true;
    }

    /** @return whether it was closed. */
    public synchronized boolean isClosed()
    {
        return closed;
    }
}
