package io.pagekv;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key order in which a batch is applied (decision 75): it must be the stable sort of the keys
 * as unsigned bytes (the model: {@code List.sort}, which is stable, over the indices), and a store
 * that writes batches in that order must end as the batches applied as added (the model: a
 * {@code TreeMap} that takes each change in turn). Keys are drawn from a few bytes (0, 1, 0x7f, 0x80,
 * 0xff) and 1-12 long, so that they share prefixes, repeat, differ only past eight bytes, and end
 * where another has a zero, which the eight-byte prefix pads with.
 */
class KeyOrderProperties
{
    private static final byte[] ALPHABET = {0, 1, 0x7f, (byte)0x80, (byte)0xff};

    private final PropertyDirectories dirs = new PropertyDirectories();

    @AfterProperty
    void deleteDirectories()
    {
        dirs.deleteAll();
    }

    @Property(tries = 300)
    void theOrderIsTheStableSortOfTheKeys(@ForAll("keyLists") final List<byte[]> keys)
    {
        final byte[][] array = keys.toArray(new byte[0][]);
        final List<Integer> model = new ArrayList<>(IntStream.range(0, array.length).boxed().toList());
        model.sort((a, b) -> Arrays.compareUnsigned(array[a], array[b]));
        assertArrayEquals(model.stream().mapToInt(Integer::intValue).toArray(), KeyOrder.of(array),
            () -> "keys " + keys.stream().map(Arrays::toString).toList());
    }

    @Example
    void keysThatDifferOnlyByATrailingZeroKeepTheirOrder()
    {
        final byte[][] keys = {{1, 2, 3, 4, 5, 6, 7, 8, 0}, {1, 2, 3, 4, 5, 6, 7, 8}, {1, 0}, {1}, {1, 0}};
        assertArrayEquals(new int[] {3, 2, 4, 1, 0}, KeyOrder.of(keys));
    }

    @Property(tries = 40)
    void batchesEndAsTheirChangesAppliedAsAdded(@ForAll("batches") final List<List<Change>> batches) throws IOException
    {
        final Path dir = dirs.create("pagekv-key-order");
        final NavigableMap<byte[], byte[]> model = TestStores.model();
        try (Store store = Store.open(dir, StoreOptions.defaults().withDurability(Durability.ASYNC)))
        {
            int round = 0;
            for (final List<Change> batch : batches)
            {
                final WriteBatch write = new WriteBatch();
                for (int i = 0; i < batch.size(); i++)
                {
                    final Change change = batch.get(i);
                    if (change.size() < 0)
                    {
                        write.delete(change.key());
                        model.remove(change.key());
                    }
                    else
                    {
                        final byte[] value = value(change, round, i);
                        write.put(change.key(), value);
                        model.put(change.key(), value);
                    }
                }
                store.write(write);
                assertHolds(store, model);
                round++;
            }
        }
        try (Store store = Store.open(dir))
        {
            assertHolds(store, model);
            assertTrue(store.verify().isClean(), "the reopened store verifies clean");
        }
    }

    /** A put of {@code size} bytes, or a delete when {@code size} is negative. */
    record Change(byte[] key, int size)
    {
    }

    @Provide
    Arbitrary<List<byte[]>> keyLists()
    {
        return keys().list().ofMaxSize(300);
    }

    @Provide
    Arbitrary<List<List<Change>>> batches()
    {
        final Arbitrary<Integer> sizes = Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(-1)),
            Tuple.of(8, Arbitraries.integers().between(0, 300)),
            Tuple.of(1, Arbitraries.integers().between(5000, 9000)));
        final Arbitrary<Change> change = keys().flatMap(key -> sizes.map(size -> new Change(key, size)));
        return change.list().ofMaxSize(400).list().ofMinSize(1).ofMaxSize(6);
    }

    private static Arbitrary<byte[]> keys()
    {
        return Arbitraries.of(ALPHABET[0], ALPHABET[1], ALPHABET[2], ALPHABET[3], ALPHABET[4]).list().ofMinSize(1).ofMaxSize(12)
            .map(bytes ->
            {
                final byte[] key = new byte[bytes.size()];
                for (int i = 0; i < key.length; i++)
                {
                    key[i] = bytes.get(i);
                }
                return key;
            });
    }

    /** A value that names its batch and its place in it, so that the wrong one of a repeated key shows. */
    private static byte[] value(final Change change, final int round, final int index)
    {
        final byte[] value = new byte[change.size()];
        Arrays.fill(value, (byte)(index * 31 + round));
        if (value.length >= 8)
        {
            ByteBuffer.wrap(value).putInt(round).putInt(index);
        }
        return value;
    }

    private static void assertHolds(final Store store, final NavigableMap<byte[], byte[]> model)
    {
        try (Snapshot snapshot = store.snapshot())
        {
            TestStores.assertSameContents(snapshot, model);
        }
    }
}
