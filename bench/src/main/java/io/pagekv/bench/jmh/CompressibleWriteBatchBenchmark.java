package io.pagekv.bench.jmh;

import io.pagekv.CompressionPolicy;
import io.pagekv.Durability;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.WriteTxn;
import io.pagekv.bench.harness.Footprint;
import io.pagekv.bench.harness.MetricsLog;
import io.pagekv.bench.harness.StoreDir;
import io.pagekv.bench.kv.CompressingPeers;
import io.pagekv.bench.kv.Engine;
import io.pagekv.bench.kv.Keys;
import io.pagekv.bench.kv.KvStore;
import io.pagekv.bench.kv.KvWriter;
import io.pagekv.bench.kv.StoreSpec;
import io.pagekv.bench.values.JsonLikeValues;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * {@code writeBatch} of compressible values (JSON-like documents, each distinct), 1,000 entries
 * per commit, commits not forced; after each load, the store's bytes on disk per entry (as
 * {@code du} counts them, after a clean close). pagekv without and with LZ4
 * ({@code pagekv-lz4}: {@link CompressionPolicy#lz4} of values from 512 bytes saving 10%),
 * against RocksDB with LZ4 (the adapter's default), MVStore with its LZF compression on
 * ({@code compress()}), and lmdbjava, which does not compress. Each peer runs in the
 * configuration of its adapter in {@code kv}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class CompressibleWriteBatchBenchmark extends ForkedBenchmark
{
    /** Which store. */
    @Param({"pagekv", "pagekv-lz4", "rocksdb", "mvstore-compress", "lmdbjava"})
    public String engine;

    /** Bytes per document. */
    @Param({"8192"})
    public int valueSize;

    /** Documents per load. */
    @Param("5000")
    public int n;

    private byte[][] values;
    private StoreDir dir;
    private Sink sink;

    /** Builds the documents once. */
    @Setup(Level.Trial)
    public void prepare()
    {
        values = new byte[n][];
        for (int i = 0; i < n; i++)
        {
            values[i] = JsonLikeValues.value(i, valueSize);
        }
    }

    /** Opens an empty store. */
    @Setup(Level.Iteration)
    public void openEmpty()
    {
        dir = StoreDir.create(engine);
        sink = switch (engine)
        {
            case "pagekv" -> new PagekvSink(CompressionPolicy.off());
            case "pagekv-lz4" -> new PagekvSink(CompressionPolicy.lz4(512, 10));
            case "mvstore-compress" -> new KvSink(CompressingPeers.mvStoreCompressed(dir.path(), new StoreSpec(n, valueSize, false)));
            default -> new KvSink(Engine.byId(engine).open(dir.path(), new StoreSpec(n, valueSize, false)));
        };
    }

    /** Records the bytes on disk per entry, deletes the store. */
    @TearDown(Level.Iteration)
    public void measure()
    {
        try
        {
            sink.close();
            final double perEntry = (double)Footprint.diskBytes(dir.path()) / n;
            System.out.printf("  [footprint] %s: %.0f bytes on disk per %d-byte entry%n", engine, perEntry, valueSize);
            MetricsLog.record("writeBatchCompressible", engine, valueSize, n, MetricsLog.DISK_BYTES_PER_ENTRY, perEntry);
        }
        finally
        {
            dir.close();
        }
    }

    /** Loads every document. */
    @Benchmark
    public void writeBatch()
    {
        for (int i = 0; i < n; i += 1000)
        {
            sink.begin();
            for (int k = i; k < Math.min(n, i + 1000); k++)
            {
                sink.put(k, values[k]);
            }
            sink.commit();
        }
    }

    /** What a load writes to. */
    private interface Sink
    {
        void begin();

        void put(long key, byte[] value);

        void commit();

        void close();
    }

    private final class PagekvSink implements Sink
    {
        private final Store store;
        private final byte[] key = new byte[Keys.SIZE];
        private WriteTxn txn;

        PagekvSink(final CompressionPolicy compression)
        {
            store = Store.open(dir.path(), StoreOptions.defaults().withDurability(Durability.ASYNC).withCompression(compression));
        }

        @Override
        public void begin()
        {
            txn = store.beginWrite();
        }

        @Override
        public void put(final long k, final byte[] value)
        {
            txn.put(Keys.encode(k, key), value);
        }

        @Override
        public void commit()
        {
            txn.commit();
        }

        @Override
        public void close()
        {
            store.close();
        }
    }

    private static final class KvSink implements Sink
    {
        private final KvStore store;
        private final KvWriter writer;

        KvSink(final KvStore store)
        {
            this.store = store;
            this.writer = store.writer();
        }

        @Override
        public void begin()
        {
            writer.begin();
        }

        @Override
        public void put(final long key, final byte[] value)
        {
            writer.put(key, value);
        }

        @Override
        public void commit()
        {
            writer.commit();
        }

        @Override
        public void close()
        {
            writer.close();
            store.close();
        }
    }
}
