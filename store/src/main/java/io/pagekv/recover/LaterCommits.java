package io.pagekv.recover;

import io.pagekv.SalvageReport;
import io.pagekv.btree.Keys;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.txn.CommitState;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The intact leaves of commits that lie beyond the damage, merged into one overlay. It scans the
 * head's segment after the head and every later segment, page by page, for commit records that
 * prove themselves (type, own id, CRC) and carry a txn id above the head; each leaf of such a
 * record's body that proves itself and names that txn holds the whole state of its key range
 * (first to last key) as of that commit. A leaf outside any intact record's body is used too
 * when it proves itself and names a txn the damage proves committed (up to
 * {@code provenThrough}): the leaves of a commit whose own record is the damaged page. Leaves are applied in txn order, each replacing its
 * range, so the newest commit wins for every key and a key deleted by it is not brought back.
 *
 * <p>This reads every page past the head: salvage is offline, open is not.
 */
final class LaterCommits
{
    /** One leaf found, in the order it is applied. */
    private record FoundLeaf(long txnId, long pageId)
    {
    }

    /** A range of keys a later leaf replaced; both ends inclusive. */
    record Range(byte[] first, byte[] last)
    {
    }

    /** A value of the overlay, the commit it comes from, and whether it lies in a patchable run. */
    record Entry(byte[] value, long txnId, boolean patchable)
    {
    }

    private final NavigableMap<byte[], Entry> entries = new TreeMap<>(Keys::compare);
    private final List<Range> replaced = new ArrayList<>();
    private final List<SalvageReport.Loss> losses;
    private final SegmentImages images;

    private LaterCommits(final SegmentImages images, final List<SalvageReport.Loss> losses)
    {
        this.images = images;
        this.losses = losses;
    }

    /**
     * @param images the segment images.
     * @param head          the last good commit; records above its txn id are read.
     * @param provenThrough the highest txn id the damage proves committed.
     * @param losses        receives the damaged pages of those commits.
     * @return the overlay.
     */
    static LaterCommits find(final SegmentImages images, final CommitState head, final long provenThrough, final List<SalvageReport.Loss> losses)
    {
        final LaterCommits later = new LaterCommits(images, losses);
        final List<FoundLeaf> leaves = new ArrayList<>();
        for (final int number : images.numbers())
        {
            if (number >= head.segment())
            {
                later.scan(number, number == head.segment() ? head.nextPageIndex() : 1, head.txnId(), provenThrough, leaves);
            }
        }
        leaves.sort(Comparator.comparingLong(FoundLeaf::txnId).thenComparingLong(FoundLeaf::pageId));
        for (final FoundLeaf leaf : leaves)
        {
            later.apply(leaf);
        }
        later.mergeRanges();
        return later;
    }

    private void scan(final int number, final int from, final long headTxn, final long provenThrough, final List<FoundLeaf> leaves)
    {
        final UnsafeBuffer image = images.image(number);
        final int pages = images.pages(number);
        int index = Math.max(1, from);
        while (index < pages)
        {
            final long recordId = PageAddress.of(number, index);
            final int offset = images.offset(recordId);
            final int body = PageLayout.aux1(image, offset);
            if (images.intact(recordId, PageType.COMMIT) != null || PageLayout.txnId(image, offset) <= headTxn || body < 0 ||
                body > pages - index - 1)
            {
                final long txnId = PageLayout.txnId(image, offset);
                if (txnId > headTxn && txnId <= provenThrough && images.intact(recordId, PageType.LEAF) == null &&
                    PageLayout.count(image, offset) > 0)
                {
                    leaves.add(new FoundLeaf(txnId, recordId));
                }
                index++;
                continue;
            }
            final long txnId = PageLayout.txnId(image, offset);
            for (int page = index + 1; page <= index + body; page++)
            {
                final long pageId = PageAddress.of(number, page);
                final int type = PageLayout.type(image, images.offset(pageId));
                if (type != PageType.LEAF && type != PageType.BRANCH && type != PageType.OVERFLOW)
                {
                    losses.add(new SalvageReport.Loss(images.file(pageId), page, null, null, txnId,
                        "a page of a later commit's body is not a tree page (" + PageType.name(type) + ")"));
                    continue;
                }
                final String why = images.intact(pageId, type);
                if (why != null && type == PageType.LEAF)
                {
                    losses.add(new SalvageReport.Loss(images.file(pageId), page, null, null, txnId, "leaf of a later commit: " + why));
                }
                else if (why == null && type == PageType.LEAF && PageLayout.txnId(image, images.offset(pageId)) == txnId &&
                    PageLayout.count(image, images.offset(pageId)) > 0)
                {
                    leaves.add(new FoundLeaf(txnId, pageId));
                }
            }
            index += 1 + body;
        }
    }

    private void apply(final FoundLeaf leaf)
    {
        final List<byte[]> keys = new ArrayList<>();
        final Map<byte[], Entry> read = new TreeMap<>(Keys::compare);
        new LeafEntries(images).read(leaf.pageId(), new LeafEntries.Visitor()
        {
            @Override
            public void entry(final DirectBuffer key, final DirectBuffer value, final boolean patchable)
            {
                final byte[] k = BaseTree.bytes(key, 0, key.capacity());
                keys.add(k);
                read.put(k, new Entry(BaseTree.bytes(value, 0, value.capacity()), leaf.txnId(), patchable));
            }

            @Override
            public void valueLost(final DirectBuffer key, final long runId, final String why)
            {
                final byte[] k = BaseTree.bytes(key, 0, key.capacity());
                keys.add(k);
                losses.add(new SalvageReport.Loss(images.file(runId), PageAddress.pageIndex(runId), k, BaseTree.successor(k), leaf.txnId(),
                    "overflow run of a value of a later commit: " + why));
            }
        });
        final byte[] first = keys.get(0);
        final byte[] last = keys.get(keys.size() - 1);
        entries.subMap(first, true, last, true).clear();
        entries.putAll(read);
        replaced.add(new Range(first, last));
    }

    private void mergeRanges()
    {
        replaced.sort((a, b) -> Keys.compare(a.first(), b.first()));
        final List<Range> merged = new ArrayList<>();
        for (final Range range : replaced)
        {
            final Range previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (previous != null && Keys.compare(range.first(), previous.last()) <= 0)
            {
                merged.set(merged.size() - 1, new Range(previous.first(),
                    Keys.compare(range.last(), previous.last()) > 0 ? range.last() : previous.last()));
            }
            else
            {
                merged.add(range);
            }
        }
        replaced.clear();
        replaced.addAll(merged);
    }

    /**
     * @return the overlay's entries in key order, newest commit per key; do not change.
     */
    NavigableMap<byte[], Entry> entries()
    {
        return entries;
    }

    /**
     * @return the key ranges later leaves replaced, ascending and disjoint.
     */
    List<Range> replaced()
    {
        return replaced;
    }
}
