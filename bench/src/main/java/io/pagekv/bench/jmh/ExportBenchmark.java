package io.pagekv.bench.jmh;

import io.pagekv.Durability;
import io.pagekv.SharedExport;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.bench.harness.StoreDir;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Latency of {@code store.export} (export and close: a shm object for a small value, a mapped
 * region for a large one, the value's CRC32C either way) and of {@code SharedExport.attach}
 * (parse, checks, map, CRC32C), for a value of {@code valueSize} bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExportBenchmark extends ForkedBenchmark
{
    /** Bytes of the value: 10 B goes through shm, 1 MiB is mapped. */
    @Param({"10", "1048576"})
    public int valueSize;

    private static final byte[] KEY = {'v'};

    private StoreDir dir;
    private Store store;
    private SharedExport held;
    private String descriptor;

    /** Writes the value and holds one export of it for the attach benchmark. */
    @Setup(Level.Trial)
    public void open()
    {
        dir = StoreDir.create("export");
        store = Store.open(dir.path().resolve("store"), StoreOptions.defaults().withDurability(Durability.ASYNC));
        final byte[] value = new byte[valueSize];
        new Random(3).nextBytes(value);
        store.put(KEY, value);
        held = store.export(KEY);
        descriptor = held.descriptor();
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void close()
    {
        held.close();
        store.close();
        dir.close();
    }

    /** @return the export's length, for JMH to consume. */
    @Benchmark
    public long exportAndClose()
    {
        try (SharedExport export = store.export(KEY))
        {
            return export.length();
        }
    }

    /** @return the attached view's first byte, for JMH to consume. */
    @Benchmark
    public int attach()
    {
        return SharedExport.attach(descriptor).getByte(0);
    }
}
