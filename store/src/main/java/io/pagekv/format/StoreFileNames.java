package io.pagekv.format;

/**
 * The names of the files in a store directory, drawn once: {@code meta}, {@code meta.new} (only
 * while a store is being created), {@code lock}, {@code runlocks}, {@code seg-NNNNNN} segment
 * files, and {@code seg-next} (the log's next segment, made ahead while forced commits fill the
 * current one).
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
    /**
     * The log's next segment file while it is made ahead of its roll (decision 67): zeros, then
     * renamed to a segment's name; never taken for a segment, as its name has no digits.
     */
    public static final String NEXT_SEGMENT = SEGMENT_PREFIX + "next";

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
