package io.pagekv.bench.jmh;

import io.pagekv.bench.harness.StoreDir;
import io.pagekv.bench.limit.ForcedWrites;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The limit for {@code writeSync}: 4 KiB writes, each forced, on the disk that holds the stores.
 */
@State(Scope.Benchmark)
public class ForcedWriteLimit extends ForkedBenchmark
{
    private StoreDir dir;
    private ForcedWrites writes;

    /**
     * Creates the preallocated file.
     */
    @Setup(Level.Trial)
    public void create()
    {
        dir = StoreDir.create("forced");
        writes = new ForcedWrites(dir.path().resolve("blocks"));
    }

    /**
     * Deletes the file.
     */
    @TearDown(Level.Trial)
    public void close()
    {
        writes.close();
        dir.close();
    }

    /**
     * Writes one block and forces it.
     */
    @Benchmark
    public void writeSync()
    {
        writes.writeAndForce();
    }
}
