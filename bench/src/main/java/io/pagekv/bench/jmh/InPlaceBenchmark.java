package io.pagekv.bench.jmh;

import io.pagekv.Durability;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.bench.harness.StoreDir;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * In-place changes of pagekv ({@code Store.patch}, {@code Store.addAndGet}) against what they
 * replace: rewriting a 1 MiB value to change 8 of its bytes, and a forced put
 * ({@code writeSync}'s operation) to change a small value. Every operation here is durable as
 * its engine promises: a patch is journaled and forced, a put is a forced commit.
 * {@link CounterBenchmark} compares counters with the peers.
 */
@State(Scope.Benchmark)
public class InPlaceBenchmark extends ForkedBenchmark
{
    private static final int LARGE = 1 << 20;
    private static final byte[] LARGE_KEY = "large".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SMALL_KEY = "small".getBytes(StandardCharsets.UTF_8);

    private final SplittableRandom random = new SplittableRandom(7);
    private final byte[] eight = new byte[8];
    private byte[] large;
    private byte[] small;
    private StoreDir dir;
    private Store store;

    /**
     * Opens a store with forced commits holding one patchable 1 MiB value and one small one.
     */
    @Setup
    public void open()
    {
        dir = StoreDir.create("in-place");
        store = Store.open(dir.path(), StoreOptions.defaults().withDurability(Durability.SYNC));
        large = new byte[LARGE];
        small = new byte[100];
        store.putPatchable(LARGE_KEY, large);
        store.putPatchable(SMALL_KEY, small);
    }

    /**
     * Closes and deletes the store.
     */
    @TearDown
    public void close()
    {
        store.close();
        dir.close();
    }

    /**
     * Patches 8 bytes at a random place of the 1 MiB value: journaled, forced, in place.
     */
    @Benchmark
    public void patch8BytesOf1MiB()
    {
        eight[0]++;
        store.patch(LARGE_KEY, random.nextInt(LARGE - 8), eight);
    }

    /**
     * Changes 8 bytes of the 1 MiB value the copy-on-write way: a forced put of the whole value.
     */
    @Benchmark
    public void rewrite1MiB()
    {
        large[random.nextInt(LARGE - 8)]++;
        store.put(LARGE_KEY, large);
    }

    /**
     * Patches 8 bytes of a 100-byte value: {@code writeSync}'s durability for a small change.
     */
    @Benchmark
    public void syncPatch()
    {
        eight[0]++;
        store.patch(SMALL_KEY, random.nextInt(100 - 8), eight);
    }

    /**
     * Replaces the 100-byte value with a forced put, as {@code writeSync} does.
     */
    @Benchmark
    public void writeSync()
    {
        small[random.nextInt(100)]++;
        store.put(SMALL_KEY, small);
    }

    /**
     * Patch throughput from two threads (they serialize on the writer lock; each forces its record).
     */
    @Benchmark
    @Threads(2)
    public void syncPatch2Threads()
    {
        syncPatch();
    }
}
