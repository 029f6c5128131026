package io.pagekv;

/**
 * A process registered in a store's shared reader table: it reads the store without holding the
 * writer lock, and the writer deletes no segment that the commit it pins still reaches.
 *
 * @param pid         the process.
 * @param pinnedTxnId the oldest commit it reads now, or {@link #NONE}.
 * @param claimedAt   when it registered, epoch ms.
 * @param alive       whether the process was running when the table was read (a dead one's
 *                    slot is freed by the next writer that needs its space).
 */
public record ReaderInfo(long pid, long pinnedTxnId, long claimedAt, boolean alive)
{
    /** The pin of a reader that has no snapshot open now. */
    public static final long NONE = -1;
}
