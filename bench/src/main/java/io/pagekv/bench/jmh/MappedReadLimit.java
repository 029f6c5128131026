package io.pagekv.bench.jmh;

import io.pagekv.bench.harness.Dataset;
import io.pagekv.bench.harness.RandomReads;
import io.pagekv.bench.harness.StoreDir;
import io.pagekv.bench.limit.MappedValues;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.SplittableRandom;

/**
 * The limit for {@code readRandom}: random values read straight from a memory-mapped file, as
 * many values as the stores hold, in batches of the same size.
 */
@State(Scope.Benchmark)
public class MappedReadLimit extends ForkedBenchmark
{
    /** Entries, as for the engines. */
    @Param("1000000")
    public int n;

    /** Bytes per value. */
    @Param({"100", "8192", "1048576"})
    public int valueSize;

    /** Data budget, MiB, as for the engines. */
    @Param("1024")
    public int dataMiB;

    private final SplittableRandom random = new SplittableRandom(3);
    private StoreDir dir;
    private MappedValues values;

    /**
     * Writes and maps the file.
     */
    @Setup(Level.Trial)
    public void create()
    {
        dir = StoreDir.create("mapped");
        values = new MappedValues(dir.path().resolve("values"), Dataset.entries(n, valueSize, dataMiB), valueSize);
    }

    /**
     * Unmaps and deletes the file.
     */
    @TearDown(Level.Trial)
    public void close()
    {
        values.close();
        dir.close();
    }

    /**
     * @return the folded digests, for JMH to consume.
     */
    @Benchmark
    @OperationsPerInvocation(RandomReads.PER_VIEW)
    public long readRandom()
    {
        long digest = 0;
        for (int i = 0; i < RandomReads.PER_VIEW; i++)
        {
            digest ^= values.read(random.nextLong(values.count()));
        }
        return digest;
    }
}
