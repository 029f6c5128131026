package io.pagekv.bench.jmh;

import io.pagekv.bench.harness.Footprint;
import io.pagekv.bench.harness.MetricsLog;
import io.pagekv.bench.harness.StoreDir;
import io.pagekv.bench.kv.CompressingPeers;
import io.pagekv.bench.kv.Engine;
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
 * ({@code pagekv-lz4}: {@code CompressionPolicy.lz4} of values from 512 bytes saving 10%),
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
    private KvStore store;
    private KvWriter writer;

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
        final StoreSpec spec = new StoreSpec(n, valueSize, false);
        store = switch (engine)
        {
            case "pagekv-lz4" -> CompressingPeers.pagekvCompressed(dir.path(), spec);
            case "mvstore-compress" -> CompressingPeers.mvStoreCompressed(dir.path(), spec);
            default -> Engine.byId(engine).open(dir.path(), spec);
        };
        writer = store.writer();
    }

    /** Records the bytes on disk per entry, deletes the store. */
    @TearDown(Level.Iteration)
    public void measure()
    {
        try
        {
            writer.close();
            store.close();
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
            writer.begin();
            for (int k = i; k < Math.min(n, i + 1000); k++)
            {
                writer.put(k, values[k]);
            }
            writer.commit();
        }
    }
}
