package io.pagekv;

/**
 * How {@link Store#export} hands a value to another process.
 */
public enum ExportRoute
{
    /** {@link #MAPPED} for a value in an overflow run, else {@link #SHM}. */
    AUTO,
    /**
     * Zero-copy: the other process maps the value's bytes where they lie in a segment file. Only
     * values in overflow runs (larger than about a quarter of a page) lie contiguously; others are
     * refused on this route.
     */
    MAPPED,
    /** One copy into a POSIX shared-memory object under {@code /dev/shm}. */
    SHM
}
