package io.pagekv;

import java.nio.file.Path;

/**
 * What {@link Store#backup} wrote.
 *
 * @param target  the new store.
 * @param txnId   the commit of the source the copy holds.
 * @param entries entries copied.
 * @param bytes   the length of the copy's files (segment files are sparse: their length, not the disk they use).
 * @param nanos   how long it took.
 */
public record BackupReport(Path target, long txnId, long entries, long bytes, long nanos)
{
}
