package io.pagekv.btree;

import io.pagekv.format.PageAddress;
import io.pagekv.format.SegmentHeaderLayout;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import io.pagekv.page.PageStore;
import io.pagekv.page.SegmentTable;
import io.pagekv.page.Segment;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * One sparse segment file with a {@link PageStore} over it, and commits of a {@link WriteTree}
 * into it without commit records: enough to test the tree and the value decoder against real
 * mapped pages. Pages are not marked checked, so every read verifies what the tree wrote.
 */
final class ScratchSegment implements AutoCloseable
{
    static final int PAGE_SIZE = 4096;
    private static final int SEGMENT = 0;
    private static final long STORE_ID = 0x5EED;

    private final Path dir;
    private final SegmentTable table;
    private final StoreFile file;
    private final Segment segment;
    private final int capacity;
    private int nextIndex = 1;
    private long txnId;

    /**
     * @param dir      an empty directory.
     * @param capacity pages the segment holds, header included.
     */
    ScratchSegment(final Path dir, final int capacity) throws IOException
    {
        this.dir = dir;
        table = new SegmentTable(dir, FileIO.jdk(), PAGE_SIZE, STORE_ID, true);
        segment = table.create(SEGMENT, capacity, 0);
        file = segment.file();
        this.capacity = capacity;
    }

    private ScratchSegment(final ScratchSegment written) throws IOException
    {
        dir = written.dir;
        table = new SegmentTable(dir, FileIO.jdk(), PAGE_SIZE, STORE_ID, true);
        segment = table.open(SEGMENT);
        file = segment.file();
        capacity = written.capacity;
        nextIndex = written.nextIndex;
        txnId = written.txnId;
    }

    /**
     * @return the same file mapped anew, as another process would map it: no page checked yet;
     *         its commits go after this one's.
     */
    ScratchSegment reopen() throws IOException
    {
        return new ScratchSegment(this);
    }

    /** @return pages of the segment after the last commit's. */
    int pagesLeft()
    {
        return capacity - nextIndex;
    }

    PageStore pages()
    {
        return table.pages();
    }

    Segment segment()
    {
        return segment;
    }

    /**
     * Writes the tree's dirty pages after the last commit's.
     *
     * @return the new root.
     */
    long commit(final WriteTree tree)
    {
        final int count = tree.pagesToWrite();
        final Sink sink = new Sink(nextIndex, count, ++txnId);
        final long root;
        try
        {
            root = tree.flush(sink);
            file.write((long)nextIndex * PAGE_SIZE, ByteBuffer.wrap(sink.bytes.byteArray(), 0, sink.allocated * PAGE_SIZE));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        nextIndex += sink.allocated;
        return root;
    }

    /**
     * Overwrites bytes of the file (for damaging pages in tests).
     */
    void overwrite(final long position, final ByteBuffer bytes) throws IOException
    {
        file.write(position, bytes);
    }

    @Override
    public void close() throws IOException
    {
        table.closeAll();
    }

    private static final class Sink implements PageSink
    {
        private final int firstIndex;
        private final int limit;
        private final long txnId;
        private final UnsafeBuffer bytes;
        private int allocated;

        Sink(final int firstIndex, final int limit, final long txnId)
        {
            this.firstIndex = firstIndex;
            this.limit = limit;
            this.txnId = txnId;
            this.bytes = new UnsafeBuffer(new byte[Math.max(1, limit) * PAGE_SIZE]);
        }

        @Override
        public long allocate(final int pageCount)
        {
            if (allocated + pageCount > limit)
            {
                throw new IllegalStateException("tree wrote more pages than it counted: " + (allocated + pageCount) + " > " + limit);
            }
            final long id = PageAddress.of(SEGMENT, firstIndex + allocated);
            allocated += pageCount;
            return id;
        }

        @Override
        public MutableDirectBuffer buffer()
        {
            return bytes;
        }

        @Override
        public int offsetOf(final long pageId)
        {
            return (PageAddress.pageIndex(pageId) - firstIndex) * PAGE_SIZE;
        }

        @Override
        public long txnId()
        {
            return txnId;
        }
    }
}
