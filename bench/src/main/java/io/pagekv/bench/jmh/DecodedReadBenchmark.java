package io.pagekv.bench.jmh;

import io.pagekv.CacheMode;
import io.pagekv.CompressionPolicy;
import io.pagekv.Durability;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.TypedStore;
import io.pagekv.WriteTxn;
import io.pagekv.bench.harness.StoreDir;
import io.pagekv.bench.values.JsonDocument;
import io.pagekv.bench.values.JsonLikeValues;
import io.pagekv.codec.Codecs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.SplittableRandom;

/**
 * {@code readRandom} of decoded objects: JSON-like documents stored LZ4-compressed, read through
 * {@link Store#typed} with a codec that builds a {@link JsonDocument}, with the read cache
 * {@code warm} (every document read once before, soft cache), {@code cold} (keys read in a random
 * order that does not repeat within {@code n} reads, the store reopened with an empty cache each
 * time the order starts again, a cost included in the figure: every read inflates, decodes and
 * fills the cache) and {@code off}
 * ({@link CacheMode#NONE}: every read inflates and decodes).
 */
@State(Scope.Benchmark)
public class DecodedReadBenchmark extends ForkedBenchmark
{
    /** Bytes per document. */
    @Param({"1024", "8192"})
    public int valueSize;

    /** Cache state: warm, cold or off. */
    @Param({"warm", "cold", "off"})
    public String cache;

    /** Documents in the store. */
    @Param("20000")
    public int n;

    private StoreDir dir;
    private Store store;
    private TypedStore<Long, JsonDocument> typed;
    private long[] order;
    private int next;

    /** Writes the documents once. */
    @Setup(Level.Trial)
    public void load()
    {
        dir = StoreDir.create("decoded-read");
        try (Store writer = Store.open(dir.path(), StoreOptions.defaults().withDurability(Durability.ASYNC)
            .withCompression(CompressionPolicy.lz4(512, 10))))
        {
            for (int batch = 0; batch * 1000 < n; batch++)
            {
                try (WriteTxn txn = writer.beginWrite())
                {
                    for (long key = batch * 1000L; key < Math.min(n, (batch + 1) * 1000L); key++)
                    {
                        txn.put(encode(key), JsonLikeValues.value(key, valueSize));
                    }
                    txn.commit();
                }
            }
        }
        order = new long[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        final SplittableRandom random = new SplittableRandom(11);
        for (int i = n - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static byte[] encode(final long key)
    {
        final org.agrona.ExpandableArrayBuffer buffer = new org.agrona.ExpandableArrayBuffer(8);
        return java.util.Arrays.copyOf(buffer.byteArray(), Codecs.int64().encode(key, buffer, 0));
    }

    /** Opens the store with the cache of the parameter; warms it for {@code warm}. */
    @Setup(Level.Iteration)
    public void open()
    {
        reopen();
        next = 0;
        if (cache.equals("warm"))
        {
            for (int i = 0; i < n; i++)
            {
                typed.get((long)i);
            }
        }
    }

    private void reopen()
    {
        final CacheMode mode = cache.equals("off") ? CacheMode.NONE : CacheMode.SOFT;
        // Opened for writing: a read-only store looks for another process's commits at each read of the head.
        store = Store.open(dir.path(), StoreOptions.defaults().withDurability(Durability.ASYNC).withValueCache(mode));
        typed = store.typed(Codecs.int64(), JsonDocument.CODEC);
    }

    /** Closes the store, printing the cache's figures. */
    @TearDown(Level.Iteration)
    public void close()
    {
        System.out.println("  [" + cache + " " + valueSize + "] " + store.stats());
        store.close();
    }

    /** Deletes the store. */
    @TearDown(Level.Trial)
    public void delete()
    {
        dir.close();
    }

    /**
     * @return the decoded document of a random key.
     */
    @Benchmark
    public JsonDocument readRandom()
    {
        final long key = order[next];
        if (++next == n)
        {
            next = 0;
            if (cache.equals("cold"))
            {
                store.close();
                reopen();
            }
        }
        return typed.get(key);
    }
}
