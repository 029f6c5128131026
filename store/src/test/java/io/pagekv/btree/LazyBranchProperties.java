package io.pagekv.btree;

import io.pagekv.format.BranchLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lazy dirty branches (decision 60) against a {@code TreeMap} model. Separators of up to 185 bytes
 * give branches of a few dozen children, so a few thousand keys make trees of three levels
 * whose branches split while the tree grows and merge while it shrinks. After every commit the
 * tree holds what the model holds, and every branch page it reaches is exactly what the key by
 * key writer makes of it: a lazy copy of the page writes the page itself back, and so does a copy
 * read key by key.
 */
class LazyBranchProperties
{
    private static final int SEGMENT_PAGES = 65536;

    @Property(tries = 20)
    void branchesCommitWhatTheModelHolds(
        @ForAll final long seed,
        @ForAll @IntRange(min = 500, max = 6000) final int keys,
        @ForAll @IntRange(min = 5, max = 400) final int changesPerCommit) throws IOException
    {
        final Random random = new Random(seed);
        final Path dir = Files.createTempDirectory("lazy-branch");
        try (ScratchSegment scratch = new ScratchSegment(dir, SEGMENT_PAGES))
        {
            final NavigableMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
            long root = PageAddress.NONE;
            int depth = 0;
            long entries = 0;
            int deepest = 0;
            // Grow to about `keys` entries, then shrink to a tenth: splits first, merges after.
            for (final int target : new int[] {keys, keys / 10})
            {
                while (model.size() != target && scratch.pagesLeft() > 4 * changesPerCommit + 64)
                {
                    final WriteTree tree = new WriteTree(scratch.pages(), root, depth, entries);
                    for (int i = 0; i < changesPerCommit && model.size() != target; i++)
                    {
                        final byte[] key = key(random.nextInt(keys * 2));
                        if (model.size() < target)
                        {
                            final byte[] value = new byte[random.nextInt(40)];
                            random.nextBytes(value);
                            model.put(key, value);
                            tree.put(key.clone(), value.clone());
                        }
                        else
                        {
                            assertEquals(model.remove(key) != null, tree.delete(key), "delete");
                        }
                    }
                    root = scratch.commit(tree);
                    depth = tree.depth();
                    entries = tree.entryCount();
                    deepest = Math.max(deepest, depth);
                    assertEquals(model.size(), entries, "entry count");
                    SupersededPagesProperties.assertSameContents(scratch.pages(), root, depth, model);
                    assertEveryBranchIsWrittenAsItReads(scratch.pages(), root, depth);
                }
            }
            Statistics.label("deepest tree").collect(deepest);
        }
        finally
        {
            SupersededPagesProperties.deleteRecursively(dir);
        }
    }

    @Test
    void aBranchLaidOutOtherwiseIsCopiedKeyByKeyAndWrittenAsUsual() throws IOException
    {
        final Path dir = Files.createTempDirectory("lazy-branch-layout");
        try (ScratchSegment scratch = new ScratchSegment(dir, 4096))
        {
            final NavigableMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
            WriteTree tree = new WriteTree(scratch.pages(), PageAddress.NONE, 0, 0);
            for (int k = 0; k < 400; k += 2)
            {
                model.put(key(k), new byte[] {(byte)k});
                tree.put(key(k), new byte[] {(byte)k});
            }
            final long root = scratch.commit(tree);
            assertEquals(2, tree.depth(), "a root branch over leaves");
            final int rootOffset = relayOutReversed(scratch, root);
            try (ScratchSegment reopened = scratch.reopen())
            {
                final Segment segment = reopened.pages().segment(root);
                final int offset = segment.checkedPage(PageAddress.pageIndex(root), PageType.BRANCH);
                assertEquals(rootOffset, offset);
                assertFalse(BranchNode.of(segment, offset, root, ScratchSegment.PAGE_SIZE)
                    .copyLazyCells(new UnsafeBuffer(new byte[ScratchSegment.PAGE_SIZE]), 0, ScratchSegment.PAGE_SIZE),
                    "a page whose cells are not packed from its end in key order is not taken lazily");

                tree = new WriteTree(reopened.pages(), root, 2, model.size());
                for (int k = 1; k < 400; k += 6)
                {
                    model.put(key(k), new byte[] {(byte)k});
                    tree.put(key(k), new byte[] {(byte)k});
                }
                final long newRoot = reopened.commit(tree);
                SupersededPagesProperties.assertSameContents(reopened.pages(), newRoot, tree.depth(), model);
                assertEveryBranchIsWrittenAsItReads(reopened.pages(), newRoot, tree.depth());
            }
        }
        finally
        {
            SupersededPagesProperties.deleteRecursively(dir);
        }
    }

    /**
     * Rewrites a committed branch page with its cells in the other order (cell 0 nearest the
     * slots), a layout every reader accepts, and seals it again.
     *
     * @return the page's offset in its segment's buffer.
     */
    private static int relayOutReversed(final ScratchSegment scratch, final long pageId) throws IOException
    {
        final Segment segment = scratch.pages().segment(pageId);
        final int offset = segment.checkedPage(PageAddress.pageIndex(pageId), PageType.BRANCH);
        final UnsafeBuffer source = segment.buffer();
        final int count = PageLayout.count(source, offset);
        final UnsafeBuffer page = new UnsafeBuffer(new byte[ScratchSegment.PAGE_SIZE]);
        page.putBytes(0, source, offset, BranchLayout.SLOTS_OFFSET);
        int cellEnd = ScratchSegment.PAGE_SIZE;
        for (int i = count - 1; i >= 0; i--)
        {
            final int cell = BranchLayout.cell(source, offset, i);
            final byte[] key = new byte[BranchLayout.keyLength(source, cell)];
            source.getBytes(cell + BranchLayout.KEY_OFFSET, key);
            cellEnd -= BranchLayout.KEY_OFFSET + key.length;
            BranchLayout.writeCell(page, 0, i, cellEnd, key, BranchLayout.child(source, offset, i + 1));
        }
        assertTrue(count >= 2, "separators enough for their order to show in the offsets: " + count);
        PageLayout.seal(page, 0, ScratchSegment.PAGE_SIZE);
        scratch.overwrite((long)PageAddress.pageIndex(pageId) * ScratchSegment.PAGE_SIZE, ByteBuffer.wrap(page.byteArray()));
        return offset;
    }

    /**
     * Every branch page under {@code root} is written back byte for byte by a lazy copy of it
     * and by a copy read key by key, under its own id and transaction.
     */
    static void assertEveryBranchIsWrittenAsItReads(final PageStore pages, final long root, final int depth)
    {
        if (root == PageAddress.NONE || depth < 2)
        {
            return;
        }
        final Segment segment = pages.segment(root);
        final int offset = segment.checkedPage(PageAddress.pageIndex(root), PageType.BRANCH);
        final UnsafeBuffer buffer = segment.buffer();
        final byte[] committed = new byte[ScratchSegment.PAGE_SIZE];
        buffer.getBytes(offset, committed);
        final long txnId = PageLayout.txnId(buffer, offset);

        final BranchNode lazy = BranchNode.of(segment, offset, root, ScratchSegment.PAGE_SIZE);
        assertTrue(lazy.copyLazyCells(new UnsafeBuffer(new byte[ScratchSegment.PAGE_SIZE]), 0, ScratchSegment.PAGE_SIZE),
            "a committed branch is taken lazily: " + PageAddress.toString(root));
        final OnePage lazySink = new OnePage(root, txnId);
        NodeCodec.writeBranch(lazySink, root, lazy, ScratchSegment.PAGE_SIZE);
        assertArrayEquals(committed, lazySink.bytes.byteArray(), "lazy copy of " + PageAddress.toString(root));

        final OnePage eagerSink = new OnePage(root, txnId);
        NodeCodec.writeBranch(eagerSink, root, NodeCodec.readBranch(buffer, offset, root), ScratchSegment.PAGE_SIZE);
        assertArrayEquals(committed, eagerSink.bytes.byteArray(), "key by key copy of " + PageAddress.toString(root));

        for (int child = 0; child <= PageLayout.count(buffer, offset); child++)
        {
            assertEveryBranchIsWrittenAsItReads(pages, BranchLayout.child(buffer, offset, child), depth - 1);
        }
    }

    /**
     * Keys of 65 to 185 bytes in four groups, each a run of one byte and then digits, so that
     * separators inside a group are as long as its keys.
     */
    private static byte[] key(final int k)
    {
        return ("p".repeat(60 + 40 * (k % 4)) + String.format("%05d", k)).getBytes(StandardCharsets.US_ASCII);
    }

    /** A sink of one page, filled with a byte no writer leaves, so that every byte written shows. */
    private static final class OnePage implements PageSink
    {
        private final UnsafeBuffer bytes = new UnsafeBuffer(new byte[ScratchSegment.PAGE_SIZE]);
        private final long pageId;
        private final long txnId;

        OnePage(final long pageId, final long txnId)
        {
            this.pageId = pageId;
            this.txnId = txnId;
            bytes.setMemory(0, ScratchSegment.PAGE_SIZE, (byte)0x5A);
        }

        @Override
        public long allocate(final int pageCount)
        {
            return pageId;
        }

        @Override
        public MutableDirectBuffer buffer()
        {
            return bytes;
        }

        @Override
        public int offsetOf(final long id)
        {
            return 0;
        }

        @Override
        public long txnId()
        {
            return txnId;
        }
    }
}
