package io.pagekv.check;

import io.pagekv.CorruptStoreException;
import io.pagekv.VerifyProblem;
import io.pagekv.VerifyReport;
import io.pagekv.btree.Keys;
import io.pagekv.format.BranchLayout;
import io.pagekv.format.CommitLayout;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.OverflowLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.format.SegmentHeaderLayout;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import io.pagekv.page.SegmentFiles;
import io.pagekv.txn.CommitState;
import io.pagekv.txn.LogReader;
import io.pagekv.value.DamagedBlockException;
import io.pagekv.value.Lz4Block;
import io.pagekv.value.ValueKind;
import io.pagekv.value.ValueReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * The consistency checker: walks every page reachable from one commit and checks checksums,
 * page ids, key order inside and across pages, fill, depth, overflow runs and the entry count;
 * then walks the chain of commit records back to the first. Collects every problem instead of
 * stopping at the first; a damaged page's subtree is skipped.
 *
 * <p>Run after every commit in tests (the bbolt StrictMode habit).
 */
public final class StoreChecker
{
    private static final int BUCKETS = 33;
    private static final int PROGRESS_EVERY = 1024;

    private final PageStore pages;
    private final LogReader log;
    private final int firstSegment;
    private final int pageSize;
    private final LongConsumer progress;
    private final List<VerifyProblem> problems = new ArrayList<>();
    /** Segments whose files could not be mapped: reported once, then read as missing. */
    private final Set<Integer> unmappable = new HashSet<>();
    private final Map<String, Long> pagesByType = new LinkedHashMap<>();
    private final Map<Integer, long[]> usage = new TreeMap<>();
    private final long[] keySizes = new long[BUCKETS];
    private final long[] valueSizes = new long[BUCKETS];
    private final UnsafeBuffer previousKey = new UnsafeBuffer(0, 0);
    private long entries;
    private long pagesVisited;
    private int depth;

    /**
     * @param pages    the page store.
     * @param log      the log reader, for the chain of commit records.
     * @param firstSegment the lowest segment the log holds; the chain is checked back to it.
     * @param progress called now and then with the number of pages checked so far; may be null.
     */
    public StoreChecker(final PageStore pages, final LogReader log, final int firstSegment, final LongConsumer progress)
    {
        this.pages = pages;
        this.log = log;
        this.firstSegment = firstSegment;
        this.pageSize = pages.pageSize();
        this.progress = progress;
    }

    /**
     * @param head         the commit to check.
     * @param openWarnings damage recovery worked around at open, reported as problems.
     * @return what was found.
     */
    public VerifyReport check(final CommitState head, final List<CorruptStoreException> openWarnings)
    {
        depth = head.depth();
        for (final CorruptStoreException warning : openWarnings)
        {
            problems.add(new VerifyProblem(warning.file(), warning.page(), warning.offset(), warning.what()));
        }
        for (final Segment segment : pages.all())
        {
            if (!mapped(segment))
            {
                continue;
            }
            usage.put(segment.number(), new long[]{segment.capacityPages(), 1, 0});
            final long created = SegmentHeaderLayout.capacity(segment.buffer());
            if (created > segment.capacityPages())
            {
                problems.add(new VerifyProblem(segment.path(), segment.capacityPages(), (long)segment.capacityPages() * pageSize,
                    "segment file is truncated: it holds " + segment.capacityPages() + " whole pages, its header says " + created +
                    "; pages " + segment.capacityPages() + " to " + (created - 1) + " are lost"));
            }
        }
        final long commits = checkChain(head);
        live(head.recordId(), 1);
        if (head.root() != PageAddress.NONE)
        {
            if (depth < 1 || depth > io.pagekv.btree.TreeCursor.MAX_DEPTH)
            {
                problem(head.recordId(), -1, "tree depth " + depth + " out of 1.." + io.pagekv.btree.TreeCursor.MAX_DEPTH);
            }
            else
            {
                visit(head.root(), 0, null, null);
            }
        }
        else if (head.depth() != 0)
        {
            problem(head.recordId(), -1, "empty tree with depth " + head.depth());
        }
        if (entries != head.entryCount() && problems.isEmpty())
        {
            problem(head.recordId(), -1, "commit record counts " + head.entryCount() + " entries, the tree holds " + entries);
        }
        final List<VerifyReport.SegmentUsage> segments = new ArrayList<>();
        for (final Map.Entry<Integer, long[]> e : usage.entrySet())
        {
            final Segment segment = pages.find(e.getKey());
            segments.add(new VerifyReport.SegmentUsage(e.getKey(), segment == null ? "missing" : segment.path().getFileName().toString(),
                e.getValue()[0], e.getValue()[1], e.getValue()[2]));
        }
        return new VerifyReport(head.txnId(), entries, head.depth(), pagesByType, segments, commits, keySizes, valueSizes, problems);
    }

    private long checkChain(final CommitState head)
    {
        long checked = 0;
        CommitState state = head;
        while (true)
        {
            checked++;
            written(state.recordId(), 1 + state.bodyPages());
            final Segment segment = readable(PageAddress.segment(state.recordId()));
            if (segment == null)
            {
                // Reported when the segment failed to map.
                return checked;
            }
            final int offset = segment.offset(PageAddress.pageIndex(state.recordId()));
            final long previousId = CommitLayout.previous(segment.buffer(), offset);
            final int previousCrc = CommitLayout.previousCrc(segment.buffer(), offset);
            if (previousId != PageAddress.NONE && PageAddress.segment(previousId) < firstSegment)
            {
                // The chain goes on in segments that compaction retired.
                return checked;
            }
            if (previousId == PageAddress.NONE)
            {
                if (state.txnId() != 0)
                {
                    problem(state.recordId(), -1, "commit chain ends at txn " + state.txnId() + ", not at txn 0");
                }
                return checked;
            }
            final CommitState previous = readable(PageAddress.segment(previousId)) == null ? null : log.commitAt(previousId);
            if (previous == null || previous.txnId() != state.txnId() - 1 || previous.recordCrc() != previousCrc)
            {
                problem(previousId, -1, "commit record of txn " + (state.txnId() - 1) + " before txn " + state.txnId() +
                    (previous == null ? " is missing or damaged" : " does not match the chain: it is txn " + previous.txnId() +
                    " with CRC 0x" + Integer.toHexString(previous.recordCrc()) + ", the chain expects 0x" + Integer.toHexString(previousCrc)));
                return checked;
            }
            state = previous;
        }
    }

    private void visit(final long pageId, final int level, final byte[] low, final byte[] high)
    {
        final boolean leaf = level == depth - 1;
        final int type = leaf ? PageType.LEAF : PageType.BRANCH;
        final Segment segment = readable(PageAddress.segment(pageId));
        if (segment == null)
        {
            problem(pageId, -1, PageType.name(type) + " page " + PageAddress.toString(pageId) + " is in a missing segment");
            return;
        }
        final int index = PageAddress.pageIndex(pageId);
        if (index < 1 || index >= segment.capacityPages())
        {
            problem(pageId, -1, "reference to page " + PageAddress.toString(pageId) + " outside its segment");
            return;
        }
        try
        {
            segment.verify(index, type);
        }
        catch (final CorruptStoreException ex)
        {
            problems.add(new VerifyProblem(ex.file(), ex.page(), ex.offset(), ex.what()));
            return;
        }
        count(PageType.name(type), pageId, 1);
        final DirectBuffer buffer = segment.buffer();
        final int page = segment.offset(index);
        final int count = PageLayout.count(buffer, page);
        final int used = PageLayout.aux1(buffer, page);
        if (used < PageLayout.HEADER_LENGTH || used > pageSize)
        {
            problem(pageId, page + PageLayout.AUX1_OFFSET, "page claims " + used + " bytes used of " + pageSize);
        }
        if (leaf)
        {
            checkLeaf(segment, pageId, page, count, low, high);
        }
        else
        {
            checkBranch(segment, pageId, page, count, level, low, high);
        }
    }

    private void checkLeaf(final Segment segment, final long pageId, final int page, final int count, final byte[] low, final byte[] high)
    {
        final DirectBuffer buffer = segment.buffer();
        if (count == 0)
        {
            problem(pageId, page + PageLayout.COUNT_OFFSET, "leaf page has no entries");
            return;
        }
        final int slotsEnd = LeafLayout.SLOTS_OFFSET + count * LeafLayout.SLOT_LENGTH;
        byte[] previous = low;
        for (int i = 0; i < count; i++)
        {
            final int cell = LeafLayout.cell(buffer, page, i) - page;
            if (cell < slotsEnd || cell + LeafLayout.CELL_HEADER_LENGTH > pageSize)
            {
                problem(pageId, page + LeafLayout.SLOTS_OFFSET + i * 2, "entry " + i + " cell offset " + cell + " outside " + slotsEnd + ".." + pageSize);
                return;
            }
            final int keyLength = LeafLayout.keyLength(buffer, page + cell);
            final int kind = LeafLayout.valueKind(buffer, page + cell);
            final int valueLength = LeafLayout.valueLength(buffer, page + cell);
            if (!ValueKind.isReadable(kind) || LeafLayout.cellFlags(buffer, page + cell) != 0)
            {
                problem(pageId, page + cell + LeafLayout.VALUE_KIND_OFFSET, "entry " + i + " has value kind " + ValueKind.name(kind) +
                    " and flags " + LeafLayout.cellFlags(buffer, page + cell) + ", which this build does not read");
                return;
            }
            final int stored = ValueKind.storedLength(kind, valueLength);
            if (keyLength < 1 || valueLength < 0 || (long)cell + LeafLayout.CELL_HEADER_LENGTH + keyLength + stored > pageSize)
            {
                problem(pageId, page + cell, "entry " + i + " (key " + keyLength + " bytes, value " + valueLength + " bytes, kind " + kind + ") runs past the page");
                return;
            }
            final byte[] key = new byte[keyLength];
            buffer.getBytes(page + cell + LeafLayout.KEY_OFFSET, key);
            if (previous != null && (previous == low ? Keys.compare(previous, key) > 0 : Keys.compare(previous, key) >= 0))
            {
                problem(pageId, page + cell, "entry " + i + " is out of key order");
            }
            if (high != null && Keys.compare(key, high) >= 0)
            {
                problem(pageId, page + cell, "entry " + i + " is not below its parent's separator");
            }
            previous = key;
            keySizes[bucket(keyLength)]++;
            valueSizes[bucket(valueLength)]++;
            entries++;
            if (ValueKind.hasRun(kind))
            {
                checkOverflow(buffer.getLong(page + cell + LeafLayout.KEY_OFFSET + keyLength, FormatVersion.ORDER), valueLength, pageId,
                    ValueKind.isCompressed(kind));
            }
            else if (ValueKind.isCompressed(kind))
            {
                checkBlock(buffer, page + cell + LeafLayout.KEY_OFFSET + keyLength, valueLength, pageId);
            }
        }
    }

    /** A compressed value must inflate to exactly the length it claims. */
    private void checkBlock(final DirectBuffer buffer, final int offset, final int length, final long pageId)
    {
        try
        {
            Lz4Block.inflate(buffer, offset, length, ValueReader.LARGEST_VALUE);
        }
        catch (final DamagedBlockException ex)
        {
            problem(pageId, offset + ex.offsetInBlock(), "compressed value: " + ex.getMessage());
        }
    }

    private void checkOverflow(final long runId, final int valueLength, final long leafId, final boolean compressed)
    {
        final Segment segment = readable(PageAddress.segment(runId));
        final int index = PageAddress.pageIndex(runId);
        if (segment == null || index < 1 || index >= segment.capacityPages())
        {
            problem(leafId, -1, "overflow run " + PageAddress.toString(runId) + " is outside the store");
            return;
        }
        try
        {
            segment.verify(index, PageType.OVERFLOW);
        }
        catch (final CorruptStoreException ex)
        {
            problems.add(new VerifyProblem(ex.file(), ex.page(), ex.offset(), ex.what()));
            return;
        }
        final int offset = segment.offset(index);
        if (PageLayout.aux2(segment.buffer(), offset) != valueLength)
        {
            problem(runId, offset + PageLayout.AUX2_OFFSET, "overflow run holds " + PageLayout.aux2(segment.buffer(), offset) +
                " bytes, its leaf entry says " + valueLength);
        }
        else if (compressed)
        {
            checkBlock(segment.buffer(), offset + OverflowLayout.VALUE_OFFSET, valueLength, runId);
        }
        count(PageType.name(PageType.OVERFLOW), runId, PageLayout.aux1(segment.buffer(), offset));
    }

    private void checkBranch(
        final Segment segment, final long pageId, final int page, final int count, final int level, final byte[] low, final byte[] high)
    {
        final DirectBuffer buffer = segment.buffer();
        final int slotsEnd = BranchLayout.SLOTS_OFFSET + count * BranchLayout.SLOT_LENGTH;
        final byte[][] keys = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            final int cell = BranchLayout.cell(buffer, page, i) - page;
            final int keyLength = cell < slotsEnd || cell + BranchLayout.KEY_OFFSET > pageSize ? -1 : BranchLayout.keyLength(buffer, page + cell);
            if (keyLength < 1 || cell + BranchLayout.KEY_OFFSET + keyLength > pageSize)
            {
                problem(pageId, page + BranchLayout.SLOTS_OFFSET + i * 2, "separator " + i + " cell at " + cell + " runs outside the page");
                return;
            }
            keys[i] = new byte[keyLength];
            buffer.getBytes(page + cell + BranchLayout.KEY_OFFSET, keys[i]);
            if ((i > 0 && Keys.compare(keys[i - 1], keys[i]) >= 0) || (low != null && Keys.compare(keys[i], low) < 0) ||
                (high != null && Keys.compare(keys[i], high) >= 0))
            {
                problem(pageId, page + cell, "separator " + i + " is out of key order");
                return;
            }
        }
        for (int child = 0; child <= count; child++)
        {
            visit(BranchLayout.child(buffer, page, child), level + 1, child == 0 ? low : keys[child - 1], child == count ? high : keys[child]);
        }
    }

    private void count(final String type, final long pageId, final int pageCount)
    {
        pagesByType.merge(type, (long)pageCount, Long::sum);
        live(pageId, pageCount);
        pagesVisited += pageCount;
        if (progress != null && pagesVisited % PROGRESS_EVERY < pageCount)
        {
            progress.accept(pagesVisited);
        }
    }

    private void live(final long pageId, final int pageCount)
    {
        final long[] u = usage.get(PageAddress.segment(pageId));
        if (u != null)
        {
            u[2] += pageCount;
        }
    }

    private void written(final long pageId, final int pageCount)
    {
        final long[] u = usage.get(PageAddress.segment(pageId));
        if (u != null)
        {
            u[1] += pageCount;
        }
    }

    /**
     * Maps a segment an open left unmapped (a clean reopen maps segments at first read), so
     * that a damaged file is reported like any damaged page rather than thrown.
     *
     * @return whether it is mapped now; if not, the reason is a problem and it is remembered.
     */
    private boolean mapped(final Segment segment)
    {
        try
        {
            segment.capacityPages();
            return true;
        }
        catch (final CorruptStoreException ex)
        {
            unmappable.add(segment.number());
            problems.add(new VerifyProblem(ex.file(), ex.page(), ex.offset(), ex.what()));
            return false;
        }
    }

    /** @return the segment if it is in the store and could be mapped, else null. */
    private Segment readable(final int number)
    {
        return unmappable.contains(number) ? null : pages.find(number);
    }

    private static int bucket(final int size)
    {
        return size == 0 ? 0 : 32 - Integer.numberOfLeadingZeros(size);
    }

    private void problem(final long pageId, final long offsetInSegment, final String what)
    {
        final Segment segment = pages.find(PageAddress.segment(pageId));
        final long index = PageAddress.pageIndex(pageId);
        problems.add(new VerifyProblem(segment == null ? SegmentFiles.path(pages.dir(), PageAddress.segment(pageId)) : segment.path(), index,
            offsetInSegment < 0 ? index * pageSize : offsetInSegment, what));
    }
}
