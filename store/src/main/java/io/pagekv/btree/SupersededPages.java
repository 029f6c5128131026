package io.pagekv.btree;

import io.pagekv.format.OverflowLayout;
import org.agrona.collections.LongArrayList;

import java.util.function.LongConsumer;

/**
 * The committed pages a write transaction makes dead: every tree page it copied into a dirty
 * node (the copy, or nothing, replaces it in the new tree) and every page of the overflow runs of
 * the committed values it replaced or deleted. Each page is recorded once. Compaction's live
 * accounting counts them against their segments.
 *
 * <p>Not thread-safe: owned by the writer thread of one transaction.
 */
final class SupersededPages
{
    private final LongArrayList pageIds = new LongArrayList();

    /**
     * @param pageId a committed tree page copied into a dirty node.
     */
    void addPage(final long pageId)
    {
        pageIds.addLong(pageId);
    }

    /**
     * @param runId       first page of a committed overflow run whose value is gone.
     * @param valueLength the value's length.
     * @param pageSize    the store's page size.
     */
    void addRun(final long runId, final int valueLength, final int pageSize)
    {
        // A run lies in one segment, so its pages' ids are consecutive.
        final int pages = OverflowLayout.pagesFor(valueLength, pageSize);
        for (int i = 0; i < pages; i++)
        {
            pageIds.addLong(runId + i);
        }
    }

    int count()
    {
        return pageIds.size();
    }

    void forEach(final LongConsumer consumer)
    {
        for (int i = 0; i < pageIds.size(); i++)
        {
            consumer.accept(pageIds.getLong(i));
        }
    }
}
