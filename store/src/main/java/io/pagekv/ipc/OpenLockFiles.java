package io.pagekv.ipc;

import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One open descriptor per lock file in this JVM. The writer lock is a POSIX record lock, and the
 * operating system drops every such lock a process holds on a file when the process closes any
 * descriptor of that file. A store opened read-only beside a writer in the same process, or a
 * second open refused by the lock, must therefore never open and close a descriptor of its own:
 * every user of a lock file shares this one, and it is closed when the last user is done.
 *
 * <p>Thread-safe.
 */
final class OpenLockFiles
{
    private static final Map<Path, Shared> OPEN = new HashMap<>();

    /** The shared descriptor of one lock file and how many users it has. */
    static final class Shared
    {
        private final Path key;
        private final StoreFile file;
        private final boolean writable;
        private int users;

        private Shared(final Path key, final StoreFile file, final boolean writable)
        {
            this.key = key;
            this.file = file;
            this.writable = writable;
        }

        /** @return the open file. */
        StoreFile file()
        {
            return file;
        }

        /** @return whether it is open for writing. */
        boolean isWritable()
        {
            return writable;
        }
    }

    private OpenLockFiles()
    {
    }

    /**
     * Takes a user of a lock file's descriptor, opening it the first time: for writing when it
     * may be (creating it if {@code create}), else read-only.
     *
     * @param path   the lock file; its directory exists.
     * @param io     the file seam.
     * @param create whether to create the file if it is missing (the writer does).
     * @return the shared descriptor; give it back to {@link #release}.
     * @throws IOException if it cannot be opened.
     */
    static synchronized Shared acquire(final Path path, final FileIO io, final boolean create) throws IOException
    {
        final Path key = path.getParent().toRealPath().resolve(path.getFileName());
        Shared shared = OPEN.get(key);
        if (shared == null)
        {
            StoreFile file;
            boolean writable = true;
            try
            {
                file = io.open(path, create);
            }
            catch (final AccessDeniedException ex)
            {
                if (create)
                {
                    throw ex;
                }
                file = io.openReadOnly(path);
                writable = false;
            }
            shared = new Shared(key, file, writable);
            OPEN.put(key, shared);
        }
        shared.users++;
        return shared;
    }

    /**
     * Gives a user back; the last one closes the descriptor.
     *
     * @param shared what {@link #acquire} returned.
     * @throws IOException if closing fails.
     */
    static synchronized void release(final Shared shared) throws IOException
    {
        if (--shared.users == 0)
        {
            OPEN.remove(shared.key);
            shared.file.close();
        }
    }
}
