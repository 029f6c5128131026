package io.pagekv.btree;

import io.pagekv.CorruptStoreException;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.page.Segment;
import io.pagekv.value.Lz4Block;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.statistics.Statistics;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The leaf flag "names no overflow run" ({@link LeafLayout#FLAG_NO_RUNS}, decision 45): over many
 * commits of puts of every kind (inline, large, compressed, patchable), deletes and relocating
 * commits, every leaf of the committed tree carries the flag exactly when none of its cells
 * names a run, counted here from the cells themselves, and the tree holds what a
 * {@code TreeMap} model holds. A leaf whose flag lies, re-sealed with a valid checksum, is refused
 * at its first read.
 */
class LeafRunFlagProperties
{
    /** One step: a put (plain, large, compressed or patchable), a delete, a commit, or a relocating commit. */
    record Op(int action, int key, int valueLength, int kind)
    {
        static final int PUT = 0;
        static final int DELETE = 1;
        static final int COMMIT = 2;
        static final int RELOCATE = 3;
    }

    /** Put kinds below this are compressed; one kind is patchable (always in a run); the rest of 0-39 are plain. */
    private static final int COMPRESSED_KINDS = 6;
    private static final int PATCHABLE_KIND = 6;

    @Provide
    Arbitrary<List<Op>> steps()
    {
        // 12 puts, 5 deletes, a commit and a relocating commit in 19 steps.
        final Arbitrary<Integer> action = Arbitraries.integers().between(0, 18)
            .map(i -> i < 12 ? Op.PUT : i < 17 ? Op.DELETE : i == 17 ? Op.COMMIT : Op.RELOCATE);
        final Arbitrary<Op> op = Combinators.combine(action, Arbitraries.integers().between(0, 599), LazyLeafProperties.valueLengths(150, 150),
            Arbitraries.integers().between(0, 39)).as(Op::new);
        return op.list().ofMinSize(50).ofMaxSize(2000).withSizeDistribution(RandomDistribution.uniform());
    }

    @Property(tries = 60)
    void everyLeafIsFlaggedExactlyWhenItNamesNoRun(@ForAll("steps") final List<Op> steps) throws IOException
    {
        final Path dir = Files.createTempDirectory("run-flag");
        try (ScratchSegment scratch = new ScratchSegment(dir, 32768))
        {
            final History history = new History(scratch);
            steps.forEach(history::apply);
        }
        finally
        {
            SupersededPagesProperties.deleteRecursively(dir);
        }
    }

    /** The tree being written over one scratch segment, and its model. */
    private static final class History
    {
        private final ScratchSegment scratch;
        private final NavigableMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
        private WriteTree tree;
        private boolean changed;
        private int serial;

        History(final ScratchSegment scratch)
        {
            this.scratch = scratch;
            this.tree = new WriteTree(scratch.pages(), PageAddress.NONE, 0, 0);
        }

        void apply(final Op op)
        {
            final byte[] key = LazyLeafProperties.key(op.key());
            if (op.action() == Op.PUT)
            {
                final byte[] value = LazyLeafProperties.value(op.valueLength(), serial++);
                model.put(key, value);
                put(tree, key.clone(), value.clone(), op.kind());
                changed = true;
            }
            else if (op.action() == Op.DELETE)
            {
                final boolean removed = model.remove(key) != null;
                assertEquals(removed, tree.delete(key), "delete " + op.key());
                changed |= removed;
            }
            else
            {
                if (op.action() == Op.RELOCATE && !changed)
                {
                    // Everything lies in the one segment: move all of it, a bounded batch at a time.
                    tree.relocate(segment -> segment == 0, 1 + op.key() % 40);
                }
                commit();
            }
        }

        private void commit()
        {
            final long root = scratch.commit(tree);
            assertFlagsTrue(scratch, root, tree.depth());
            if (root == PageAddress.NONE)
            {
                assertTrue(model.isEmpty(), "empty tree, model holds " + model.size());
            }
            else
            {
                SupersededPagesProperties.assertSameContents(scratch.pages(), root, tree.depth(), model);
            }
            tree = new WriteTree(scratch.pages(), root, tree.depth(), tree.entryCount());
            changed = false;
        }
    }

    /**
     * A leaf that names a run but whose flag says it names none, with its checksum made valid
     * again: the first read of the page refuses it, naming its flags byte, so no walk ever trusts
     * the lie (relocation would otherwise leave the run behind in a segment it retires).
     */
    @Test
    void aLeafWhoseFlagLiesIsRefusedAtItsFirstRead() throws IOException
    {
        final Path dir = Files.createTempDirectory("run-flag-lie");
        try (ScratchSegment scratch = new ScratchSegment(dir, 64))
        {
            final WriteTree tree = new WriteTree(scratch.pages(), PageAddress.NONE, 0, 0);
            tree.put(LazyLeafProperties.key(1), LazyLeafProperties.value(10, 1), false);
            tree.put(LazyLeafProperties.key(2), LazyLeafProperties.value(3000, 2), false);
            final long leaf = scratch.commit(tree);
            final Segment segment = scratch.segment();
            final int index = PageAddress.pageIndex(leaf);
            final int offset = segment.offset(index);
            assertEquals(1, LeafLayout.firstRunEntry(segment.buffer(), offset, ScratchSegment.PAGE_SIZE));
            assertEquals(0, PageLayout.flags(segment.buffer(), offset) & LeafLayout.FLAG_NO_RUNS, "a leaf naming a run is not flagged");

            final UnsafeBuffer page = new UnsafeBuffer(new byte[ScratchSegment.PAGE_SIZE]);
            page.putBytes(0, segment.buffer(), offset, ScratchSegment.PAGE_SIZE);
            page.putByte(PageLayout.FLAGS_OFFSET, (byte)LeafLayout.FLAG_NO_RUNS);
            PageLayout.seal(page, 0, ScratchSegment.PAGE_SIZE);
            scratch.overwrite((long)offset, ByteBuffer.wrap(page.byteArray()));

            final CorruptStoreException refused = assertThrows(CorruptStoreException.class, () -> segment.checkedPage(index, PageType.LEAF));
            assertEquals(offset + PageLayout.FLAGS_OFFSET, refused.offset(), refused.getMessage());
            assertTrue(refused.getMessage().contains("entry 1"), refused.getMessage());
            assertThrows(CorruptStoreException.class, () -> new WriteTree(scratch.pages(), leaf, 1, 2).relocate(s -> s == 0, 100));
        }
        finally
        {
            SupersededPagesProperties.deleteRecursively(dir);
        }
    }

    /** Checks every page of the tree under {@code root} against its own cells, not trusting {@link Segment#checkedPage}. */
    private static void assertFlagsTrue(final ScratchSegment scratch, final long root, final int depth)
    {
        if (root != PageAddress.NONE)
        {
            visit(scratch, root, depth - 1);
        }
    }

    private static void visit(final ScratchSegment scratch, final long pageId, final int levelsBelow)
    {
        final Segment segment = scratch.segment();
        final int page = segment.offset(PageAddress.pageIndex(pageId));
        final UnsafeBuffer buffer = segment.buffer();
        if (levelsBelow > 0)
        {
            assertEquals(0, PageLayout.flags(buffer, page), "a branch page has no flags");
            PageLinks.forEach(scratch.pages(), pageId, levelsBelow, child -> visit(scratch, child, levelsBelow - 1), (run, pages) ->
            {
            });
            return;
        }
        assertEquals(PageType.LEAF, PageLayout.type(buffer, page));
        boolean namesRun = false;
        for (int i = 0; i < PageLayout.count(buffer, page); i++)
        {
            final int kind = LeafLayout.valueKind(buffer, LeafLayout.cell(buffer, page, i));
            namesRun |= kind == LeafLayout.VALUE_OVERFLOW || kind == LeafLayout.VALUE_LZ4;
        }
        final int flags = PageLayout.flags(buffer, page);
        assertEquals(namesRun ? 0 : LeafLayout.FLAG_NO_RUNS, flags, "flags of leaf " + PageAddress.toString(pageId));
        Statistics.label("leaves").collect(namesRun ? "naming runs" : "flagged: no runs");
    }

    private static void put(final WriteTree tree, final byte[] key, final byte[] value, final int kind)
    {
        final byte[] block = kind < COMPRESSED_KINDS ? Lz4Block.compress(value, 0) : null;
        if (block != null)
        {
            tree.putCompressed(key, block);
        }
        else
        {
            tree.put(key, value, kind == PATCHABLE_KIND);
        }
    }
}
