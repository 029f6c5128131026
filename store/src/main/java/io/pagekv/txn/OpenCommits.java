package io.pagekv.txn;

import java.util.Arrays;

/**
 * A multiset of commit ids, kept sorted in two parallel arrays (id, how many readers of it), so
 * that opening and closing a reader allocates nothing once the arrays have grown to the number
 * of distinct commits read at once (a handful: readers cluster on the newest commits).
 *
 * <p>Not thread-safe: {@link OpenReaders} guards it with its lock.
 */
final class OpenCommits
{
    private static final int INITIAL = 8;

    private long[] txnIds = new long[INITIAL];
    private int[] counts = new int[INITIAL];
    private int size;
    private int total;

    /**
     * Counts one more reader of {@code txnId}.
     *
     * @param txnId the commit.
     */
    void add(final long txnId)
    {
        final int found = Arrays.binarySearch(txnIds, 0, size, txnId);
        if (found >= 0)
        {
            counts[found]++;
        }
        else
        {
            insert(-found - 1, txnId);
        }
        total++;
    }

    private void insert(final int at, final long txnId)
    {
        if (size == txnIds.length)
        {
            txnIds = Arrays.copyOf(txnIds, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        System.arraycopy(txnIds, at, txnIds, at + 1, size - at);
        System.arraycopy(counts, at, counts, at + 1, size - at);
        txnIds[at] = txnId;
        counts[at] = 1;
        size++;
    }

    /**
     * Counts one reader of {@code txnId} less; a commit no reader counts is ignored.
     *
     * @param txnId the commit.
     */
    void remove(final long txnId)
    {
        final int found = Arrays.binarySearch(txnIds, 0, size, txnId);
        if (found < 0)
        {
            return;
        }
        total--;
        if (--counts[found] == 0)
        {
            System.arraycopy(txnIds, found + 1, txnIds, found, size - found - 1);
            System.arraycopy(counts, found + 1, counts, found, size - found - 1);
            size--;
        }
    }

    /**
     * @return whether no reader is counted.
     */
    boolean isEmpty()
    {
        return size == 0;
    }

    /**
     * @return the oldest commit read; only when not {@link #isEmpty}.
     */
    long oldest()
    {
        return txnIds[0];
    }

    /**
     * @return how many readers are counted, over all commits.
     */
    int total()
    {
        return total;
    }
}
