package io.pagekv.format;

/**
 * The names of the files in a store directory, drawn once: {@code meta}, {@code meta.new} (only
 * while a store is being created), {@code lock}, and {@code seg-NNNNNN} segment files.
 */
public final class StoreFileNames
{
    /** The superblock file. */
    public static final String META = "meta";
    /** The superblock of a store being created, renamed to {@link #META} when complete. */
    public static final String META_STAGING = "meta.new";
    /** The writer lock, reader table and live counters. */
    public static final String LOCK = "lock";
    /** The stripe locks of patchable runs ({@link RunLockLayout}), created by the first patch or counter update. */
    public static final String RUN_LOCKS = "runlocks";
    /** The start of every segment file's name, followed by at least six decimal digits. */
    public static final String SEGMENT_PREFIX = "seg-";

    private StoreFileNames()
    {
    }

    /**
     * @param name a file name in a store directory.
     * @return whether a store may have a file of that name.
     */
    public static boolean isStoreFile(final String name)
    {
        return name.equals(META) || name.equals(META_STAGING) || name.equals(LOCK) || name.equals(RUN_LOCKS) || name.startsWith(SEGMENT_PREFIX);
    }
}
