package io.pagekv;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.NavigableMap;
import java.util.SplittableRandom;

/**
 * Commits larger than the commit log's write buffer (decision 69): their pages go out a chunk
 * at a time and the commit record last, and a run larger than a chunk grows the buffer. Each
 * commit mixes many small entries, large values of up to twice a chunk, patchable ones, and
 * deletes, at page sizes whose chunk holds 512, 128 or 32 pages. After every commit the store
 * must hold the model ({@code TreeMap}); at the end, a copy taken as a crash leaves it (so the
 * open reads every commit record after the last checkpoint and checks its body's CRC) and the
 * store reopened after a close must both hold the model and verify clean.
 */
class LargeCommitProperties
{
    /** {@code CommitLog.CHUNK_BYTES}. */
    private static final int CHUNK = 2 << 20;

    private final PropertyDirectories dirs = new PropertyDirectories();

    @AfterProperty
    void deleteDirectories()
    {
        dirs.deleteAll();
    }

    @Property(tries = 12)
    void commitsLargerThanAChunkHoldTheModelAfterACrashAndAReopen(
        @ForAll @IntRange(min = 0, max = 2) final int pageSizeChoice,
        @ForAll @IntRange(min = 1, max = 4) final int commits,
        @ForAll final boolean sync,
        @ForAll final long seed) throws Exception
    {
        final int pageSize = 4096 << (2 * pageSizeChoice);
        final Path dir = dirs.create("pagekv-large-commit");
        final Path crashed = dirs.create("pagekv-large-commit-crashed");
        final StoreOptions options = StoreOptions.defaults().withPageSize(pageSize).withDurability(sync ? Durability.SYNC : Durability.ASYNC);
        final NavigableMap<byte[], byte[]> model = TestStores.model();
        final SplittableRandom random = new SplittableRandom(seed);
        try (Store store = Store.open(dir, options))
        {
            for (int c = 0; c < commits; c++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    writeCommit(txn, random, model);
                    txn.commit();
                }
                try (Snapshot snapshot = store.snapshot())
                {
                    TestStores.assertSameContents(snapshot, model);
                }
            }
            TestStores.crashImage(dir, crashed);
        }
        try (Store store = Store.open(crashed, options))
        {
            TestStores.assertClean(store);
            try (Snapshot snapshot = store.snapshot())
            {
                TestStores.assertSameContents(snapshot, model);
            }
        }
        try (Store store = Store.open(dir, options))
        {
            TestStores.assertClean(store);
            try (Snapshot snapshot = store.snapshot())
            {
                TestStores.assertSameContents(snapshot, model);
            }
        }
    }

    /** Small entries, large values (some over a chunk, some patchable) and deletes of earlier keys. */
    private static void writeCommit(final WriteTxn txn, final SplittableRandom random, final NavigableMap<byte[], byte[]> model)
    {
        final int small = random.nextInt(6_000);
        for (int i = 0; i < small; i++)
        {
            final byte[] key = key("s", random.nextInt(30_000));
            if (random.nextInt(10) == 0)
            {
                txn.delete(key);
                model.remove(key);
            }
            else
            {
                put(txn, model, key, bytes(random, 1 + random.nextInt(200)), false);
            }
        }
        final int large = random.nextInt(8);
        for (int i = 0; i < large; i++)
        {
            final int length = random.nextInt(4) == 0 ? CHUNK + random.nextInt(CHUNK) : 20_000 + random.nextInt(CHUNK / 2);
            put(txn, model, key("L", random.nextInt(40)), bytes(random, length), random.nextInt(3) == 0);
        }
    }

    private static void put(
        final WriteTxn txn, final NavigableMap<byte[], byte[]> model, final byte[] key, final byte[] value, final boolean patchable)
    {
        if (patchable)
        {
            txn.putPatchable(key, value);
        }
        else
        {
            txn.put(key, value);
        }
        model.put(key, value);
    }

    private static byte[] key(final String prefix, final int n)
    {
        return (prefix + String.format("%06d", n)).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(final SplittableRandom random, final int length)
    {
        final byte[] value = new byte[length];
        random.nextBytes(value);
        return value;
    }
}
