package io.pagekv;

import java.nio.file.Path;

/**
 * Another writer holds the store: another process, or another {@link Store} in this process.
 */
public class StoreLockedException extends StoreException
{
    private static final long serialVersionUID = 1L;

    private final long holderPid;

    /**
     * @param dir       the store directory.
     * @param holderPid the process id recorded by the holder, or -1 if unknown.
     * @param detail    who holds it, in words.
     */
    public StoreLockedException(final Path dir, final long holderPid, final String detail)
    {
        super("store " + dir + " is locked for writing by " + detail);
        this.holderPid = holderPid;
    }

    /**
     * @return the process id of the holder as it recorded it in the lock file, or -1 if unknown.
     */
    public long holderPid()
    {
        return holderPid;
    }
}
