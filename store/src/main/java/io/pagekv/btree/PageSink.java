package io.pagekv.btree;

import org.agrona.MutableDirectBuffer;

import java.io.IOException;

/**
 * Where a commit writes its new pages: hands out consecutive page ids and the bytes behind them.
 * The bytes hold whatever was there before: a page writer writes every byte of its pages, and
 * writes them before it allocates again, since the sink may then write them out and reuse the bytes.
 */
public interface PageSink
{
    /**
     * Reserves consecutive pages; their bytes are not cleared.
     *
     * @param pageCount how many.
     * @return the id of the first.
     * @throws IOException if writing out the pages allocated before fails.
     */
    long allocate(int pageCount) throws IOException;

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
