package io.pagekv.cli;

import io.pagekv.Store;
import io.pagekv.WriteTxn;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

/**
 * Stores for tests, written in one transaction so that every page of the last commit is live.
 */
final class SampleStores
{
    /** Bytes of each large value: more than a page, so it goes to an overflow run. */
    static final int LARGE = 20_000;

    private SampleStores()
    {
    }

    /**
     * @param dir     where to create it.
     * @param entries small entries {@code k00000}..., with 100-byte values.
     * @param large   large values under {@code zlarge0}...
     * @return the entries written.
     */
    static NavigableMap<byte[], byte[]> create(final Path dir, final int entries, final int large)
    {
        final NavigableMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
        final Random random = new Random(entries);
        for (int i = 0; i < entries; i++)
        {
            final byte[] value = new byte[100];
            random.nextBytes(value);
            model.put(bytes(String.format("k%05d", i)), value);
        }
        for (int i = 0; i < large; i++)
        {
            final byte[] value = new byte[LARGE];
            random.nextBytes(value);
            model.put(bytes("zlarge" + i), value);
        }
        try (Store store = Store.open(dir); WriteTxn txn = store.beginWrite())
        {
            model.forEach(txn::put);
            txn.commit();
        }
        return model;
    }

    static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
