package io.pagekv;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;

/**
 * Puts and deletes of small integer keys, written to a store and to its {@code TreeMap} model
 * alike: the commits of the properties that reopen, map and compact a store and then read it
 * against the model. Values are inline or overflow runs; each value's bytes tell its key and
 * the round that wrote it.
 */
final class ModelChanges
{
    private ModelChanges()
    {
    }

    /** A put of {@code size} bytes, or a delete when {@code size} is negative. */
    record Change(int key, int size)
    {
    }

    /**
     * @param keys how many keys there are.
     * @return changes: one in eight a delete, six in eight an inline value of up to 400 bytes,
     * one in eight an overflow run of 5,000-20,000 bytes.
     */
    static Arbitrary<Change> changes(final int keys)
    {
        return Combinators.combine(Arbitraries.integers().between(0, keys - 1),
            Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(-1)), Tuple.of(6, Arbitraries.integers().between(0, 400)),
                Tuple.of(1, Arbitraries.integers().between(5000, 20000)))).as(Change::new);
    }

    /**
     * Commits {@code changes} in one write transaction and makes the same changes to {@code model}.
     *
     * @param round which commit this is, written into each value.
     */
    static void apply(final Store store, final NavigableMap<byte[], byte[]> model, final List<Change> changes, final int round)
    {
        try (WriteTxn txn = store.beginWrite())
        {
            for (final Change change : changes)
            {
                final byte[] key = key(change.key());
                if (change.size() < 0)
                {
                    txn.delete(key);
                    model.remove(key);
                }
                else
                {
                    final byte[] value = new byte[change.size()];
                    Arrays.fill(value, (byte)(change.key() * 31 + round));
                    txn.put(key, value);
                    model.put(key, value);
                }
            }
            txn.commit();
        }
    }

    /** @return key {@code k}: four bytes, big-endian, so that keys sort as their numbers. */
    static byte[] key(final int k)
    {
        return ByteBuffer.allocate(4).putInt(k).array();
    }
}
