package io.pagekv.page;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Retired segment files kept, instead of deleted, so that the log's next segments reuse them
 * (decision 59 of {@code docs/architecture.md}): a reused file's blocks are allocated and its
 * pages are likely still in the page cache, where a new file makes the kernel find, fill and
 * later allocate every page afresh. A spare keeps its old name, below the log's first segment,
 * where an open after a crash deletes it as a leftover of a retirement; a clean close and
 * {@code Store.compact()} delete the spares.
 *
 * <p>At most {@link #MAX_SPARES} are kept, and never more bytes of them than the budget a caller
 * gives (the store's live bytes), the newest retired first out. Thread-safe: a retirement may end
 * on any thread that releases a segment's last reference.
 */
final class SpareSegments
{
    /** Spares kept at most. */
    static final int MAX_SPARES = 4;

    /**
     * A spare file.
     *
     * @param number         its segment number.
     * @param bytes          its length.
     * @param allocatedPages the pages from its start whose blocks are written, 0 if unknown.
     */
    record Spare(int number, long bytes, int allocatedPages)
    {
    }

    private final ArrayDeque<Spare> spares = new ArrayDeque<>();
    private long bytes;

    /**
     * @param number a retired segment's number, its file closed and unreachable by any reader.
     * @param length its file's length.
     * @param allocatedPages the pages from its start whose blocks are written, 0 if unknown.
     * @param budget the most bytes all spares may hold.
     * @return whether it is kept; if not, the caller deletes the file.
     */
    synchronized boolean offer(final int number, final long length, final int allocatedPages, final long budget)
    {
        if (spares.size() >= MAX_SPARES || bytes + length > budget)
        {
            return false;
        }
        spares.push(new Spare(number, length, allocatedPages));
        bytes += length;
        return true;
    }

    /**
     * @return whether no spare is kept.
     */
    synchronized boolean isEmpty()
    {
        return spares.isEmpty();
    }

    /**
     * @return a spare file to reuse, no longer counted as a spare; null if none.
     */
    synchronized Spare take()
    {
        final Spare spare = spares.poll();
        if (spare != null)
        {
            bytes -= spare.bytes();
        }
        return spare;
    }

    /**
     * @return the spares' numbers, ascending; none left counted as spares.
     */
    synchronized int[] takeAll()
    {
        final int[] all = list();
        spares.clear();
        bytes = 0;
        return all;
    }

    /**
     * @param number a segment number.
     * @return whether its file is a spare.
     */
    synchronized boolean contains(final int number)
    {
        return spares.stream().anyMatch(s -> s.number() == number);
    }

    /**
     * @return the spares' numbers, ascending.
     */
    synchronized int[] list()
    {
        final int[] all = spares.stream().mapToInt(Spare::number).toArray();
        Arrays.sort(all);
        return all;
    }
}
