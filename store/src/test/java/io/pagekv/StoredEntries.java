package io.pagekv;

import io.pagekv.format.PageType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds how the latest version of each key is stored, through {@link PageInspector}: for tests
 * that check a value's kind on disk or damage it in place.
 */
final class StoredEntries
{
    /** A leaf entry and the leaf page it lies in. */
    record Stored(PageDetail leaf, PageDetail.LeafEntry entry)
    {
        /** @return the byte offset in the segment file of the entry's stored bytes inline in the leaf. */
        long inlineOffset()
        {
            return leaf.fileOffset() + entry.cellOffset() + 8 + entry.key().length;
        }
    }

    private StoredEntries()
    {
    }

    /**
     * @param store an open store.
     * @return each key's entry in the newest leaf holding it, by the key as a string (ISO-8859-1).
     */
    static Map<String, Stored> latest(final Store store)
    {
        final Map<String, Stored> latest = new HashMap<>();
        final PageInspector inspector = store.inspect();
        final List<PageSummary> pages = inspector.pages();
        for (final PageSummary summary : pages)
        {
            if (summary.type() != PageType.LEAF || !summary.crcMatches())
            {
                continue;
            }
            final PageDetail leaf = inspector.page(summary.pageId());
            for (final PageDetail.LeafEntry entry : leaf.entries())
            {
                final String key = new String(entry.key(), java.nio.charset.StandardCharsets.ISO_8859_1);
                final Stored known = latest.get(key);
                if (known == null || known.leaf().summary().txnId() < summary.txnId())
                {
                    latest.put(key, new Stored(leaf, entry));
                }
            }
        }
        return latest;
    }
}
