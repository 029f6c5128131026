package io.pagekv;

/**
 * The direction a {@link Cursor} walks its range.
 */
public enum Order
{
    /** Smallest key first. */
    ASCENDING,
    /** Largest key first. */
    DESCENDING
}
