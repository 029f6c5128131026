package io.pagekv.btree;

/**
 * A committed large value, kept by reference while its leaf is rewritten: the first page of its
 * overflow run and its length.
 *
 * @param pageId first page of the run.
 * @param length the value's length.
 */
public record OverflowRef(long pageId, int length)
{
}
