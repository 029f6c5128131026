package io.pagekv.format;

import java.nio.ByteOrder;

/**
 * Constants shared by every layout: the format version this build writes and reads, the magic
 * numbers, and the byte order of all multi-byte fields.
 */
public final class FormatVersion
{
    /** The format version written by this build; a store with a higher version is refused. */
    public static final int CURRENT = 1;

    /** Byte order of every multi-byte field on disk. */
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    /** Magic of segment header pages: the bytes {@code "PKVS"}. */
    public static final int SEGMENT_MAGIC = 0x53564B50;

    /** Magic of superblock slots: the bytes {@code "PKVM"}. */
    public static final int SUPERBLOCK_MAGIC = 0x4D564B50;

    /** Magic of the lock file: the bytes {@code "PKVL"}. */
    public static final int LOCK_MAGIC = 0x4C564B50;

    /** Smallest page size. */
    public static final int MIN_PAGE_SIZE = 4096;

    /** Largest page size. */
    public static final int MAX_PAGE_SIZE = 65536;

    private FormatVersion()
    {
    }

    /**
     * @param pageSize a page size, from options or read from a file.
     * @return whether it is a power of two from {@link #MIN_PAGE_SIZE} to {@link #MAX_PAGE_SIZE}.
     */
    public static boolean isValidPageSize(final long pageSize)
    {
        return pageSize >= MIN_PAGE_SIZE && pageSize <= MAX_PAGE_SIZE && Long.bitCount(pageSize) == 1;
    }
}
