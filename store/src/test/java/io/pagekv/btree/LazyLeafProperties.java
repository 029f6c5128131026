package io.pagekv.btree;

import io.pagekv.format.PageAddress;
import io.pagekv.value.Lz4Block;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lazy dirty leaves (decision 37) against a {@code TreeMap} model: over many commits, each a few
 * changes to a committed tree, every kind of change a leaf can get before it is merged with its
 * page (puts inline, large, compressed and patchable, replacing and deleting committed or new
 * entries, deleting and putting a key again) reads back the model's value inside the
 * transaction, commits the model's contents and counts exactly the pages it writes (the scratch
 * sink refuses more). Splits and merges of lazy leaves come with the small-key ranges.
 */
class LazyLeafProperties
{
    /** How a put stores its value. */
    enum Kind
    {
        PLAIN, COMPRESSED, PATCHABLE
    }

    /** One step: a put, a delete, a read, or a commit. */
    record Op(int action, int key, int valueLength, Kind kind)
    {
        static final int PUT = 0;
        static final int DELETE = 1;
        static final int GET = 2;
        static final int COMMIT = 3;
    }

    @Provide
    Arbitrary<List<Op>> steps()
    {
        final Arbitrary<Integer> action = Arbitraries.frequencyOf(
            Tuple.of(10, Arbitraries.just(Op.PUT)),
            Tuple.of(4, Arbitraries.just(Op.DELETE)),
            Tuple.of(3, Arbitraries.just(Op.GET)),
            Tuple.of(1, Arbitraries.just(Op.COMMIT)));
        final Arbitrary<Integer> valueLength = valueLengths(12, 200);
        final Arbitrary<Kind> kind = Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.just(Kind.PLAIN)),
            Tuple.of(2, Arbitraries.just(Kind.COMPRESSED)),
            Tuple.of(1, Arbitraries.just(Kind.PATCHABLE)));
        final Arbitrary<Op> op = Combinators.combine(action, Arbitraries.integers().between(0, 399), valueLength, kind).as(Op::new);
        return op.list().ofMinSize(50).ofMaxSize(1500).withSizeDistribution(RandomDistribution.uniform());
    }

    /**
     * @param inlineWeight how many inline lengths (0 to {@code inlineMax}) to one that needs a run.
     * @param inlineMax    the longest inline length.
     * @return value lengths, mostly inline, some of up to two pages.
     */
    static Arbitrary<Integer> valueLengths(final int inlineWeight, final int inlineMax)
    {
        return Arbitraries.frequencyOf(
            Tuple.of(inlineWeight, Arbitraries.integers().between(0, inlineMax)),
            Tuple.of(1, Arbitraries.integers().between(1100, 2 * ScratchSegment.PAGE_SIZE)));
    }

    @Property(tries = 80)
    void lazyLeavesCommitWhatTheModelHolds(@ForAll("steps") final List<Op> steps) throws IOException
    {
        final Path dir = Files.createTempDirectory("lazy-leaf");
        try (ScratchSegment scratch = new ScratchSegment(dir, 16384))
        {
            final NavigableMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
            long root = PageAddress.NONE;
            WriteTree tree = new WriteTree(scratch.pages(), root, 0, 0);
            int serial = 0;
            int commits = 0;
            for (final Op op : steps)
            {
                final byte[] key = key(op.key());
                switch (op.action())
                {
                    case Op.PUT ->
                    {
                        final byte[] value = value(op.valueLength(), serial++);
                        model.put(key, value);
                        put(tree, key.clone(), value.clone(), op.kind());
                    }
                    case Op.DELETE -> assertEquals(model.remove(key) != null, tree.delete(key), "delete " + op.key());
                    case Op.GET -> assertArrayEquals(model.get(key), tree.get(key), "get " + op.key());
                    default ->
                    {
                        root = scratch.commit(tree);
                        assertSameContents(scratch, root, tree.depth(), model);
                        tree = new WriteTree(scratch.pages(), root, tree.depth(), tree.entryCount());
                        commits++;
                    }
                }
                assertEquals(model.size(), tree.entryCount(), "entry count");
            }
            root = scratch.commit(tree);
            assertSameContents(scratch, root, tree.depth(), model);
            Statistics.label("commits").collect(commits < 5 ? "0-4" : commits < 20 ? "5-19" : "20+");
            Statistics.label("depth").collect(tree.depth());
        }
        finally
        {
            SupersededPagesProperties.deleteRecursively(dir);
        }
    }

    private static void put(final WriteTree tree, final byte[] key, final byte[] value, final Kind kind)
    {
        final byte[] block = kind == Kind.COMPRESSED ? Lz4Block.compress(value, 0) : null;
        if (block != null)
        {
            tree.putCompressed(key, block);
        }
        else
        {
            tree.put(key, value, kind == Kind.PATCHABLE);
        }
    }

    /** Short keys, many to a leaf, and every seventh one long, so that leaves split and merge. */
    static byte[] key(final int k)
    {
        final String digits = String.format("%04d", k);
        return (k % 7 == 0 ? digits.repeat(40) : digits).getBytes(StandardCharsets.US_ASCII);
    }

    /** Runs of one byte, so that a compressed put finds something to save. */
    static byte[] value(final int length, final int serial)
    {
        final byte[] value = new byte[length];
        for (int i = 0; i < length; i++)
        {
            value[i] = (byte)(serial + i / 16);
        }
        return value;
    }

    private static void assertSameContents(
        final ScratchSegment scratch, final long root, final int depth, final NavigableMap<byte[], byte[]> model)
    {
        if (root == PageAddress.NONE)
        {
            assertTrue(model.isEmpty(), "empty tree, model holds " + model.size());
            return;
        }
        SupersededPagesProperties.assertSameContents(scratch.pages(), root, depth, model);
    }
}
