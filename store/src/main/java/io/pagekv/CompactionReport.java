package io.pagekv;

/**
 * What {@link Store#compact()} did.
 *
 * @param segmentsRetired  segments taken out of the log; their files are deleted once no open
 *                         snapshot can reach them ({@code segmentsPending} still wait).
 * @param segmentsPending  retired segments whose files wait for older snapshots to close.
 * @param pagesMoved       live pages rewritten at the tail (tree pages and overflow pages).
 * @param commits          the ordinary commits that moved them.
 * @param bytesFreed       the bytes of the retired segment files.
 * @param nanos            how long it took.
 */
public record CompactionReport(int segmentsRetired, int segmentsPending, long pagesMoved, int commits, long bytesFreed, long nanos)
{
}
