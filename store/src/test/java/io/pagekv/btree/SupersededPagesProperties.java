package io.pagekv.btree;

import io.pagekv.format.BranchLayout;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.LeafLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A write transaction on a committed tree reports as superseded exactly the committed pages, tree
 * pages and overflow runs alike, that the old root reaches and the new root does not, each once;
 * and the tree it commits holds what a {@code TreeMap} model holds.
 */
class SupersededPagesProperties
{
    /** One change: a delete, or a put of a value of the given length. */
    record Op(boolean delete, int key, int valueLength)
    {
    }

    @Provide
    Arbitrary<List<Op>> committed()
    {
        return ops(800);
    }

    @Provide
    Arbitrary<List<Op>> changes()
    {
        return ops(300);
    }

    private static Arbitrary<List<Op>> ops(final int maxSize)
    {
        final Arbitrary<Integer> valueLength = Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.integers().between(0, 300)),
            Tuple.of(1, Arbitraries.integers().between(900, 3 * ScratchSegment.PAGE_SIZE)));
        final Arbitrary<Op> op = Combinators.combine(
            Arbitraries.integers().between(0, 3).map(i -> i == 0),
            Arbitraries.integers().between(0, 299),
            valueLength).as(Op::new);
        return op.list().ofMaxSize(maxSize).withSizeDistribution(RandomDistribution.uniform());
    }

    @Property(tries = 60)
    void supersededPagesAreThoseOnlyTheOldRootReaches(
        @ForAll("committed") final List<Op> committed, @ForAll("changes") final List<Op> changes) throws IOException
    {
        final Path dir = Files.createTempDirectory("superseded");
        try (ScratchSegment scratch = new ScratchSegment(dir, 8192))
        {
            final PageStore pages = scratch.pages();
            final NavigableMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
            final WriteTree first = new WriteTree(pages, PageAddress.NONE, 0, 0);
            apply(first, committed, model);
            final long oldRoot = scratch.commit(first);
            final Set<Long> before = reachable(pages, oldRoot, first.depth());

            final WriteTree second = new WriteTree(pages, oldRoot, first.depth(), first.entryCount());
            apply(second, changes, model);
            for (final Map.Entry<byte[], byte[]> e : model.entrySet())
            {
                assertArrayEquals(e.getValue(), second.get(e.getKey()), "uncommitted value");
            }
            final long newRoot = scratch.commit(second);
            final Set<Long> after = reachable(pages, newRoot, second.depth());

            final LongArrayList reported = new LongArrayList();
            second.forEachSupersededPage(reported::addLong);
            final Set<Long> superseded = new HashSet<>(reported);
            assertEquals(reported.size(), superseded.size(), "a page reported twice: " + reported);
            assertEquals(second.supersededPageCount(), reported.size());
            final Set<Long> expected = new HashSet<>(before);
            expected.removeAll(after);
            assertEquals(new TreeSet<>(expected), new TreeSet<>(superseded), "superseded pages");
            Statistics.label("depth before").collect(first.depth());
            Statistics.label("superseded").collect(superseded.isEmpty() ? "none" : superseded.size() < 10 ? "1-9" : "10+");
            assertSameContents(pages, newRoot, second.depth(), model);
        }
        finally
        {
            deleteRecursively(dir);
        }
    }

    private static void apply(final WriteTree tree, final List<Op> ops, final NavigableMap<byte[], byte[]> model)
    {
        int serial = 0;
        for (final Op op : ops)
        {
            final byte[] key = key(op.key());
            if (op.delete())
            {
                assertEquals(model.remove(key) != null, tree.delete(key), "delete " + op.key());
            }
            else
            {
                final byte[] value = new byte[op.valueLength()];
                Arrays.fill(value, (byte)(op.key() + serial++));
                model.put(key, value);
                tree.put(key.clone(), value.clone());
            }
        }
        assertEquals(model.size(), tree.entryCount(), "entry count");
    }

    /** Keys up to a few hundred bytes long, so that a few hundred entries make a tree three levels deep. */
    private static byte[] key(final int k)
    {
        final String digits = String.format("%04d", k);
        return digits.repeat(1 + k * 37 % 150).getBytes(StandardCharsets.US_ASCII);
    }

    /** Every page the tree under {@code root} references: branches, leaves and each page of each overflow run. */
    private static Set<Long> reachable(final PageStore pages, final long root, final int depth)
    {
        final Set<Long> ids = new HashSet<>();
        if (root != PageAddress.NONE)
        {
            walk(pages, root, depth, ids);
        }
        return ids;
    }

    private static void walk(final PageStore pages, final long id, final int levels, final Set<Long> ids)
    {
        assertFalse(ids.contains(id), "page " + PageAddress.toString(id) + " reached twice");
        ids.add(id);
        final Segment segment = pages.segment(id);
        final UnsafeBuffer buffer = segment.buffer();
        if (levels > 1)
        {
            final int page = segment.checkedPage(PageAddress.pageIndex(id), PageType.BRANCH);
            for (int i = 0; i <= PageLayout.count(buffer, page); i++)
            {
                walk(pages, BranchLayout.child(buffer, page, i), levels - 1, ids);
            }
            return;
        }
        final int page = segment.checkedPage(PageAddress.pageIndex(id), PageType.LEAF);
        for (int i = 0; i < PageLayout.count(buffer, page); i++)
        {
            final int cell = LeafLayout.cell(buffer, page, i);
            if (LeafLayout.valueKind(buffer, cell) == LeafLayout.VALUE_OVERFLOW)
            {
                final long run = buffer.getLong(LeafLayout.valueOffset(buffer, cell), FormatVersion.ORDER);
                final int runPages = PageLayout.aux1(buffer, segment.checkedPage(PageAddress.pageIndex(run), PageType.OVERFLOW));
                for (int p = 0; p < runPages; p++)
                {
                    assertFalse(ids.contains(run + p), "run page reached twice");
                    ids.add(run + p);
                }
            }
        }
    }

    static void assertSameContents(
        final PageStore pages, final long root, final int depth, final NavigableMap<byte[], byte[]> model)
    {
        final TreeCursor cursor = new TreeCursor(pages, root, depth);
        boolean more = cursor.first();
        final UnsafeBuffer key = new UnsafeBuffer(0, 0);
        final UnsafeBuffer value = new UnsafeBuffer(0, 0);
        for (final Map.Entry<byte[], byte[]> e : model.entrySet())
        {
            assertEquals(true, more, "tree ends before the model");
            cursor.wrapKey(key);
            cursor.wrapValue(value);
            assertArrayEquals(e.getKey(), bytes(key));
            assertArrayEquals(e.getValue(), bytes(value));
            more = cursor.next();
        }
        assertFalse(more, "tree holds more than the model");
    }

    private static byte[] bytes(final UnsafeBuffer view)
    {
        final byte[] bytes = new byte[view.capacity()];
        view.getBytes(0, bytes);
        return bytes;
    }

    static void deleteRecursively(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)files.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.delete(p);
            }
        }
    }
}
