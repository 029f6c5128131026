package io.pagekv.btree;

import org.agrona.MutableDirectBuffer;

/**
 * Where a commit writes its new pages: hands out consecutive page ids and the bytes behind them.
 * The bytes hold whatever was there before: a page writer writes every byte of its pages.
 */
public interface PageSink
{
    /**
     * Reserves consecutive pages; their bytes are not cleared.
     *
     * @param pageCount how many.
     * @return the id of the first.
     */
    long allocate(int pageCount);

    /**
     * @return the buffer that holds the reserved pages.
     */
    MutableDirectBuffer buffer();

    /**
     * @param pageId a page id returned by {@link #allocate}.
     * @return its offset in {@link #buffer()}.
     */
    int offsetOf(long pageId);

    /**
     * @return the id of the committing transaction, written into every page header.
     */
    long txnId();
}
