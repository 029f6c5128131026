package io.pagekv.bench.jmh;

import io.pagekv.Store;
import io.pagekv.bench.harness.StoreDir;
import net.openhft.chronicle.map.ChronicleMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.UInt64AddOperator;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Counter increments on one field, from 1 and 2 threads: pagekv's {@code addAndGet} (an atomic
 * add on the mapped page under the run's stripe lock, shared across processes) beside Chronicle
 * Map's {@code compute} on a persisted map (its entry lock, also shared across processes) and
 * RocksDB's merge with the built-in {@code uint64add} operator (write-ahead log on, not synced).
 * None of the three forces per increment: pagekv's counters survive a process crash at once and
 * a power loss when forced; Chronicle Map's likewise; RocksDB's WAL survives a process crash.
 */
@State(Scope.Benchmark)
public class CounterBenchmark extends ForkedBenchmark
{
    private static final byte[] KEY = "counter".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ONE = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1).array();

    /** The engine: pagekv, chronicle-map or rocksdb. */
    @Param({"pagekv", "chronicle-map", "rocksdb"})
    public String engine;

    private StoreDir dir;
    private Store store;
    private ChronicleMap<Long, Long> chronicle;
    private Options rocksOptions;
    private WriteOptions rocksWrite;
    private RocksDB rocks;

    /**
     * Opens the engine with one counter at 0.
     *
     * @throws RocksDBException if RocksDB cannot open.
     */
    @Setup
    public void open() throws RocksDBException
    {
        dir = StoreDir.create("counter-" + engine);
        switch (engine)
        {
            case "pagekv" ->
            {
                store = Store.open(dir.path());
                store.putPatchable(KEY, new byte[8]);
            }
            case "chronicle-map" ->
            {
                try
                {
                    chronicle = ChronicleMap.of(Long.class, Long.class).name("counters").entries(16)
                        .createPersistedTo(dir.path().resolve("map.dat").toFile());
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
                chronicle.put(1L, 0L);
            }
            case "rocksdb" ->
            {
                RocksDB.loadLibrary();
                rocksOptions = new Options().setCreateIfMissing(true).setMergeOperator(new UInt64AddOperator());
                rocksWrite = new WriteOptions();
                rocks = RocksDB.open(rocksOptions, dir.path().toString());
            }
            default -> throw new IllegalArgumentException("no counter benchmark for engine " + engine);
        }
    }

    /**
     * Closes and deletes the engine's files.
     */
    @TearDown
    public void close()
    {
        if (store != null)
        {
            store.close();
        }
        if (chronicle != null)
        {
            chronicle.close();
        }
        if (rocks != null)
        {
            rocks.close();
            rocksWrite.close();
            rocksOptions.close();
        }
        dir.close();
    }

    /**
     * @return the new value (pagekv, Chronicle Map) or 1 (RocksDB, whose merge returns nothing).
     * @throws RocksDBException if the merge fails.
     */
    @Benchmark
    public long increment() throws RocksDBException
    {
        return add();
    }

    /**
     * As {@link #increment}, from two threads on the same field.
     *
     * @return as {@link #increment}.
     * @throws RocksDBException if the merge fails.
     */
    @Benchmark
    @Threads(2)
    public long increment2Threads() throws RocksDBException
    {
        return add();
    }

    private long add() throws RocksDBException
    {
        if (store != null)
        {
            return store.addAndGet(KEY, 0, 1);
        }
        if (chronicle != null)
        {
            return chronicle.compute(1L, (k, v) -> v == null ? 1 : v + 1);
        }
        rocks.merge(rocksWrite, KEY, ONE);
        return 1;
    }
}
