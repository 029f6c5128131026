package io.pagekv.txn;

import io.pagekv.btree.PageSink;
import io.pagekv.btree.WriteTree;
import io.pagekv.format.Checksums;
import io.pagekv.format.CommitLayout;
import io.pagekv.format.OwnedDirectBuffer;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.format.PatchRecordLayout;
import io.pagekv.io.StoreFile;
import org.agrona.DirectBuffer;
import io.pagekv.page.Segment;
import io.pagekv.page.SegmentTable;
import org.agrona.MutableDirectBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Appends transactions to the log: the commit record, then the transaction's new pages, written
 * at the tail of the active segment a chunk at a time, the commit record last ({@link TxnPages}).
 * A transaction never spans two segments: one that does not fit rolls the log to a new segment
 * sized to hold it, and after a large one, to hold several of its size ({@link #capacityFor}).
 *
 * <p>Forces are shared (group commit, decision 40): {@link #forceUpTo} is called by committing
 * threads after they released the store's write lock, so while one thread forces, others append
 * and then wait for the next force, which covers them all. One force runs at a time
 * ({@link ForceRounds}, decision 49); a force covers every transaction appended before it
 * started, and a failed force fails every later one, so no thread can return a transaction the
 * failed force may have dropped.
 *
 * <p>Writer thread only (the store's write lock guards every call), except {@link #forceUpTo}.
 */
public final class CommitLog
{
    /**
     * What a transaction's pages take in memory on their way to the log, at most (but for one
     * large run): the size of the page cache's largest folio here (a PMD, 2 MiB on x86-64), so that
     * a write of a whole chunk at a chunk boundary can fill one folio, and a later read fault
     * maps it whole.
     */
    private static final int CHUNK_BYTES = 2 << 20;
    private static final int MIN_BUFFER_BYTES = 64 << 10;
    /**
     * How many transactions of its own size the segments hold after a large one: a transaction
     * larger than this share of a segment would otherwise roll the log, and wait for the full
     * segment's force, every few commits (decision 71).
     */
    private static final int LARGE_COMMITS_PER_SEGMENT = 4;
    /**
     * The smallest transaction that grows the segments: a roll after a smaller one waits for
     * little, since unforced logs are forced in the background every few MiB ({@code Committer}).
     */
    private static final long LARGE_COMMIT_BYTES = 4L << 20;
    /** The most default segments one segment grows to for large transactions. */
    private static final int MAX_GROWTH = 8;
    private final SegmentTable segments;
    private final int pageSize;
    private final int segmentPages;
    /**
     * The pages of the largest transaction appended to {@link #current}, its record included: the
     * size of the segment the log rolls to next depends on it ({@link #capacityFor}).
     */
    private int largestInSegment;
    /** Segments written since the last force; guarded by its own monitor, which also guards {@link #appendedTxn}. */
    private final Set<Segment> unforced = new LinkedHashSet<>();
    /** The last txn appended: what a force that starts now covers. */
    private long appendedTxn;
    /** Who forces and who waits (group commit). */
    private final ForceRounds rounds;
    private final TxnPages sink = new TxnPages();
    private final int allocateAheadPages;
    private ByteBuffer zeros;
    private Segment current;
    private int nextIndex;
    /** Pages of {@link #current} below this index hold written blocks (commits or zeros). */
    private int allocatedTo;
    private long bytesWritten;
    /** Whether the next transaction starts a new segment, so that the current one can be retired. */
    private boolean rollNext;
    /** Whether the next segment's file was asked for ahead of the roll ({@link SegmentTable#prepareNext}). */
    private boolean nextRequested;
    /** Whether patch records follow the last commit record. */
    private boolean patchesAfterHead;

    /**
     * @param segments     the segment table.
     * @param segmentBytes the default segment size.
     * @param end          where the next record goes ({@link LogReader#end}): after the last
     *                     commit and the patch records that follow it.
     * @param durableTxn   the last commit, durable (a writable open forces what recovery found).
     * @param allocateAheadBytes zeros written ahead of the log's tail, 0 for none; see {@link #allocateAhead}.
     */
    public CommitLog(
        final SegmentTable segments, final long segmentBytes, final long end, final long durableTxn, final long allocateAheadBytes)
    {
        this.appendedTxn = durableTxn;
        this.rounds = new ForceRounds(new ForceRounds.Log()
        {
            @Override
            public ForceRounds.Batch take()
            {
                return takeUnforced();
            }

            @Override
            public void force(final ForceRounds.Batch batch) throws IOException
            {
                forceSegments(batch);
            }
        }, durableTxn);
        this.segments = segments;
        this.pageSize = segments.pages().pageSize();
        this.segmentPages = (int)(segmentBytes / pageSize);
        this.current = segments.pages().segment(end);
        this.nextIndex = PageAddress.pageIndex(end);
        this.allocatedTo = nextIndex;
        this.allocateAheadPages = (int)(allocateAheadBytes / pageSize);
    }

    /**
     * Writes a transaction: its pages and its commit record. Nothing is forced.
     *
     * @param tree  the transaction's tree.
     * @param head  the commit it follows.
     * @param time  the commit time.
     * @return the new commit, not yet published.
     * @throws IOException          if a write fails; then nothing of the transaction is valid on disk.
     * @throws ForceFailedException if forcing the full segment before a roll fails.
     */
    public CommitState append(final WriteTree tree, final CommitState head, final long time) throws IOException
    {
        final long txnId = head.txnId() + 1;
        final int body = tree.pagesToWrite();
        final long needed = 1L + body;
        if (needed > Integer.MAX_VALUE / pageSize - 1)
        {
            throw new IOException("transaction of " + needed + " pages is larger than a 2 GiB segment");
        }
        if (nextIndex + needed > current.capacityPages() || rollNext)
        {
            roll((int)needed, txnId);
        }
        allocateAhead((int)needed);
        sink.start(current.file(), current.number(), nextIndex, (int)needed, txnId);
        final long recordId = sink.allocate(1);
        final long root = tree.flush(sink);
        final int bodyCrc = sink.bodyCrc();
        final MutableDirectBuffer out = sink.buffer();
        PageLayout.writeHeader(out, 0, PageType.COMMIT, 0, recordId, txnId, body, bodyCrc);
        CommitLayout.write(out, 0, root, head.recordId(), head.recordCrc(), tree.depth(), tree.entryCount(), time);
        out.setMemory(CommitLayout.RESERVED_OFFSET, pageSize - CommitLayout.RESERVED_OFFSET, (byte)0);
        final int recordCrc = PageLayout.seal(out, 0, pageSize);
        sink.writeFirstPageLast();
        // This process wrote these pages and the page cache holds exactly those bytes: no reader
        // here needs to check their checksums again.
        current.markChecked(nextIndex, (int)needed);
        largestInSegment = (int)Math.max(largestInSegment, needed);
        patchesAfterHead = false;
        synchronized (unforced)
        {
            unforced.add(current);
            appendedTxn = txnId;
        }
        nextIndex += (int)needed;
        bytesWritten += needed * pageSize;
        prepareNextSegment();
        return new CommitState(txnId, recordId, recordCrc, body, root, tree.depth(), tree.entryCount(), time);
    }

    /**
     * Writes a patch record ({@link PatchRecordLayout}) at the tail: the journal entry of one
     * in-place patch, after {@code head}. Nothing is forced.
     *
     * @param head        the last commit, which the record names.
     * @param target      the patched run's first page id.
     * @param valueOffset where in the value the bytes go.
     * @param bytes       the new bytes.
     * @param offset      where they start in {@code bytes}.
     * @param length      how many.
     * @return the record's page id.
     * @throws IOException          if a write fails; then the record is not valid on disk.
     * @throws ForceFailedException if forcing the full segment before a roll fails.
     */
    public long appendPatch(
        final CommitState head, final long target, final int valueOffset, final DirectBuffer bytes, final int offset,
        final int length) throws IOException
    {
        final int needed = PatchRecordLayout.pagesFor(length, pageSize);
        if (nextIndex + needed > current.capacityPages() || rollNext)
        {
            // Created for the next txn: its header then proves nothing beyond the head (DamageEvidence).
            roll(needed, head.txnId() + 1);
        }
        allocateAhead(needed);
        sink.start(current.file(), current.number(), nextIndex, needed, head.txnId());
        final long recordId = sink.allocate(needed);
        final MutableDirectBuffer out = sink.buffer();
        PageLayout.writeHeader(out, 0, PageType.PATCH, 0, recordId, head.txnId(), needed - 1, 0);
        PatchRecordLayout.write(out, 0, target, valueOffset, length, head.recordId(), head.recordCrc());
        out.putBytes(PatchRecordLayout.BYTES_OFFSET, bytes, offset, length);
        out.setMemory(PatchRecordLayout.BYTES_OFFSET + length, needed * pageSize - PatchRecordLayout.BYTES_OFFSET - length, (byte)0);
        PageLayout.seal(out, 0, needed * pageSize);
        sink.writeFirstPageLast();
        patchesAfterHead = true;
        synchronized (unforced)
        {
            unforced.add(current);
        }
        nextIndex += needed;
        bytesWritten += (long)needed * pageSize;
        return recordId;
    }

    /**
     * @return whether patch records follow the last commit record: a checkpoint then needs a
     * commit after them first ({@link Engine#sealPatches}), or the next open would apply them again.
     */
    public boolean hasPatchesAfterHead()
    {
        return patchesAfterHead;
    }

    /**
     * Records that patch records follow the head at open ({@link LogReader#end} went past it).
     */
    void patchesFoundAfterHead()
    {
        patchesAfterHead = true;
    }

    /**
     * Makes the next {@link #force} force {@code segment} too: for bytes written in place.
     *
     * @param segment a segment changed outside the log's appends.
     */
    public void changedInPlace(final Segment segment)
    {
        synchronized (unforced)
        {
            unforced.add(segment);
        }
    }

    /**
     * Forces every segment written since the last force. Also called by {@link #append} when
     * the log rolls to a new segment. Returns once a force that started after this call ended:
     * this thread's, or another thread's that it waited for.
     *
     * @throws ForceFailedException if this force or an earlier one failed; the caller must poison the store.
     */
    public void force() throws ForceFailedException
    {
        forceUpTo(Long.MAX_VALUE);
    }

    /**
     * Makes {@code txnId} durable: returns as soon as a force covered it, else rides on the force
     * that is running if that one covers it, else on the next one, which the first thread to need
     * it runs for every thread that appended meanwhile ({@link ForceRounds}). Any thread, without
     * the store's write lock.
     *
     * @param txnId an appended transaction; {@code Long.MAX_VALUE} forces whatever was written.
     * @return whether this call forced (false: another thread's force covered it).
     * @throws ForceFailedException if the force, or an earlier one, failed; the caller must poison the store.
     */
    public boolean forceUpTo(final long txnId) throws ForceFailedException
    {
        return rounds.awaitDurable(txnId);
    }

    /** What a force that starts now writes; under the rounds' monitor. */
    private ForceRounds.Batch takeUnforced()
    {
        synchronized (unforced)
        {
            final Segment[] written = unforced.toArray(new Segment[0]);
            unforced.clear();
            return new ForceRounds.Batch(written, appendedTxn);
        }
    }

    /** Forces a batch; by one thread at a time. */
    private static void forceSegments(final ForceRounds.Batch batch) throws IOException
    {
        for (final Segment segment : batch.segments())
        {
            segment.file().force();
        }
    }

    /**
     * @param txnId an appended transaction.
     * @return whether a force covered it.
     */
    boolean isDurable(final long txnId)
    {
        return rounds.isDurable(txnId);
    }

    /**
     * @return bytes appended since this log was opened.
     */
    public long bytesWritten()
    {
        return bytesWritten;
    }

    /**
     * Makes the next transaction start a new segment, so that compaction can retire the
     * current one too. A segment that holds no commit yet is kept.
     */
    public void startNewSegment()
    {
        rollNext = nextIndex > 1;
    }

    private void roll(final int needed, final long txnId) throws IOException
    {
        rollNext = false;
        // A segment that holds no commit yet (its first write failed) is replaced, not skipped:
        // recovery looks for the next commit only in the same or the very next segment.
        final int number = nextIndex == 1 ? current.number() : current.number() + 1;
        if (number < 0)
        {
            throw new IOException("segment numbers exhausted");
        }
        force();
        final Segment full = current;
        // Every page below the tail was written, by commits or as zeros ahead of them.
        full.recordAllocated(Math.max(allocatedTo, nextIndex));
        current = segments.create(number, capacityFor(needed), txnId);
        if (full != current)
        {
            // Forced and never written again: its descriptor goes back.
            full.closeFile();
        }
        nextIndex = 1;
        allocatedTo = Math.max(1, current.allocatedPages());
        nextRequested = false;
        largestInSegment = 0;
    }

    /**
     * The pages of the segment that a transaction of {@code needed} pages rolls to (its header
     * page included): room for {@link #LARGE_COMMITS_PER_SEGMENT} transactions the size of the
     * largest among it and those of the segment it leaves, if that one has at least
     * {@link #LARGE_COMMIT_BYTES}, else the default ({@link #grownPages}). So large transactions
     * grow the segments, the moving commits of compaction between them keep the grown size, and
     * the first roll after a segment that held no large transaction goes back to the default. A
     * single larger transaction still gets a segment of its own size, up to a 2 GiB file
     * (decision 71).
     */
    private int capacityFor(final int needed)
    {
        return (int)Math.max(needed + 1L, grownPages(Math.max(needed, largestInSegment)));
    }

    /**
     * @param txnPages a transaction's pages, its record included.
     * @return the pages of a segment for {@link #LARGE_COMMITS_PER_SEGMENT} transactions of that
     * size, rounded up to whole default segments (so that a retired file serves any later segment
     * as a spare) and at most {@link #MAX_GROWTH} of them; the default for a transaction under
     * {@link #LARGE_COMMIT_BYTES}.
     */
    private int grownPages(final int txnPages)
    {
        final long fits = txnPages + 1L;
        if (fits * pageSize < LARGE_COMMIT_BYTES)
        {
            return segmentPages;
        }
        final long wanted = (fits * LARGE_COMMITS_PER_SEGMENT + segmentPages - 1) / segmentPages * segmentPages;
        final long largest = Math.min((long)MAX_GROWTH * segmentPages, Integer.MAX_VALUE / pageSize / segmentPages * (long)segmentPages);
        return (int)Math.max(segmentPages, Math.min(wanted, largest));
    }

    /**
     * Once a log whose commits are forced (it writes zeros ahead) is half through its segment,
     * asks for the next segment's file to be made ahead, all blocks written (decision 67), so that
     * after the roll no commit's force carries zeros or block allocations. A store that never
     * fills half a segment never makes one.
     */
    private void prepareNextSegment()
    {
        if (allocateAheadPages > 0 && !nextRequested && nextIndex > current.capacityPages() / 2)
        {
            nextRequested = true;
            segments.prepareNext((long)grownPages(largestInSegment) * pageSize);
        }
    }

    /**
     * Segments are sparse. Appending into a hole makes the file system allocate blocks, so the
     * force of every commit would also have to journal that allocation; with forced commits
     * that doubles the cost of a commit. Writing zeros a chunk ahead of the tail allocates the
     * blocks once per chunk, and the next force makes them durable with the commit. The zeros
     * lie past the last commit, where recovery finds no record, so they change nothing it reads.
     */
    private void allocateAhead(final int needed) throws IOException
    {
        final int end = nextIndex + needed;
        if (allocateAheadPages == 0 || end <= allocatedTo)
        {
            return;
        }
        final int to = Math.min(current.capacityPages(), end + allocateAheadPages);
        final int from = Math.max(allocatedTo, end);
        if (to > from)
        {
            if (zeros == null)
            {
                zeros = ByteBuffer.allocateDirect(allocateAheadPages * pageSize);
            }
            current.file().write((long)from * pageSize, zeros.duplicate().limit((to - from) * pageSize));
        }
        allocatedTo = to;
    }

    /**
     * A transaction's pages on their way to the log, held in a buffer of at most
     * {@link #CHUNK_BYTES} (more only for a single run that needs more) and written out whenever
     * the next allocation would cross a chunk boundary of the file (a multiple of
     * {@link #CHUNK_BYTES}; a transaction that fits in a chunk goes out in one write). So a
     * commit of any size needs no more memory than that, checksums and writes each page while it
     * is still in the processor's cache, and fills the page cache with folios as large as one
     * write of the whole commit would (decision 69). The first page of the transaction (the
     * commit record, or a patch record's first page) keeps the first page of the buffer and goes
     * last, in one write with the pages still held: until it is written no reader can take the
     * pages as a commit, and until the log is forced nothing written is durable in any order (a
     * stop tears a single write as well).
     */
    private final class TxnPages implements PageSink
    {
        // Allocated at the first commit, not at open: opening a store must stay cheap. Owned
        // memory: the pages' checksums read it in place.
        private OwnedDirectBuffer buffer = new OwnedDirectBuffer(0);
        /** The running CRC32C of the body pages written out so far. */
        private final CRC32C bodyCrc = new CRC32C();
        private StoreFile file;
        private int segment;
        private int firstIndex;
        /** Pages handed out, the first page of the transaction included. */
        private int allocated;
        private int limit;
        /** The transaction's first page that the buffer holds after its first page: the ones before went out. */
        private int heldFrom;
        /** Where the pages held must go out: the next chunk boundary of the file, as a page of the transaction. */
        private int heldUntil;
        private long txnId;

        void start(final StoreFile file, final int segment, final int firstIndex, final int pageCount, final long txnId)
        {
            this.file = file;
            this.segment = segment;
            this.firstIndex = firstIndex;
            this.allocated = 0;
            this.limit = pageCount;
            this.heldFrom = 1;
            // A transaction that fits in a chunk goes out in one write.
            this.heldUntil = pageCount <= chunkPages() ? pageCount : chunkBoundaryAfter(1);
            this.txnId = txnId;
            bodyCrc.reset();
        }

        @Override
        public long allocate(final int pageCount) throws IOException
        {
            if (allocated + pageCount > limit)
            {
                throw new IllegalStateException("transaction wrote more pages than it counted: " + (allocated + pageCount) + " > " + limit);
            }
            if (allocated > 0 && allocated + pageCount > heldUntil)
            {
                writeHeld();
                heldUntil = chunkBoundaryAfter(allocated + pageCount - 1);
            }
            ensureCapacity((allocated == 0 ? 0 : 1 + heldPages()) + pageCount);
            final long id = PageAddress.of(segment, firstIndex + allocated);
            allocated += pageCount;
            return id;
        }

        @Override
        public MutableDirectBuffer buffer()
        {
            return buffer;
        }

        @Override
        public int offsetOf(final long pageId)
        {
            final int page = PageAddress.pageIndex(pageId) - firstIndex;
            if (page == 0)
            {
                return 0;
            }
            if (page < heldFrom)
            {
                throw new IllegalStateException("page " + PageAddress.toString(pageId) + " was written out already");
            }
            return (1 + page - heldFrom) * pageSize;
        }

        @Override
        public long txnId()
        {
            return txnId;
        }

        /** @return the CRC32C of every page after the first, those written out and those held. */
        int bodyCrc()
        {
            Checksums.update(bodyCrc, buffer, pageSize, heldPages() * pageSize);
            return (int)bodyCrc.getValue();
        }

        /**
         * Writes the pages still held and then the transaction's first page, in one write when
         * none went out before.
         */
        void writeFirstPageLast() throws IOException
        {
            if (heldFrom == 1)
            {
                file.write((long)firstIndex * pageSize, bytes(0, allocated * pageSize));
                return;
            }
            if (heldPages() > 0)
            {
                file.write((long)(firstIndex + heldFrom) * pageSize, bytes(pageSize, heldPages() * pageSize));
            }
            file.write((long)firstIndex * pageSize, bytes(0, pageSize));
        }

        /** The body pages in the buffer, after the first page of the transaction. */
        private int heldPages()
        {
            return Math.max(0, allocated - heldFrom);
        }

        private void writeHeld() throws IOException
        {
            final int held = heldPages();
            if (held > 0)
            {
                Checksums.update(bodyCrc, buffer, pageSize, held * pageSize);
                file.write((long)(firstIndex + heldFrom) * pageSize, bytes(pageSize, held * pageSize));
            }
            heldFrom = allocated;
        }

        private ByteBuffer bytes(final int offset, final int length)
        {
            return buffer.byteBuffer().duplicate().clear().position(offset).limit(offset + length);
        }

        /**
         * Grows the buffer to hold {@code pages}, doubling up to a chunk and the first page (a
         * store that commits little never zeroes a whole chunk). The bytes held are copied.
         */
        private void ensureCapacity(final int pages)
        {
            final int capacity = buffer.capacity() / pageSize;
            if (capacity < pages)
            {
                final int doubled = Math.min(1 + chunkPages(), Math.max(MIN_BUFFER_BYTES / pageSize, 2 * capacity));
                final OwnedDirectBuffer grown = new OwnedDirectBuffer(Math.max(pages, doubled) * pageSize);
                grown.putBytes(0, buffer, 0, buffer.capacity());
                buffer = grown;
            }
        }

        /** @return the transaction's page at the first chunk boundary of the file after its page {@code page}. */
        private int chunkBoundaryAfter(final int page)
        {
            final int chunkPages = chunkPages();
            return ((firstIndex + page) / chunkPages + 1) * chunkPages - firstIndex;
        }

        private int chunkPages()
        {
            return Math.max(1, CHUNK_BYTES / pageSize);
        }
    }
}
