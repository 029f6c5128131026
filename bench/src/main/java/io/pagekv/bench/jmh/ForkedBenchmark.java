package io.pagekv.bench.jmh;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The defaults of every benchmark, which are the full profile's: forks with {@link JvmFlags},
 * throughput in operations per second. {@code bench/run.sh quick} shortens them from the
 * command line.
 */
@Fork(value = 2, jvmArgsAppend = {
    JvmFlags.AGRONA, JvmFlags.EXPORT_REF, JvmFlags.EXPORT_NIO_CH, JvmFlags.EXPORT_MISC, JvmFlags.EXPORT_JAVAC_FILE,
    JvmFlags.OPEN_JAVAC, JvmFlags.OPEN_LANG, JvmFlags.OPEN_REFLECT, JvmFlags.OPEN_IO, JvmFlags.OPEN_UTIL,
    JvmFlags.OPEN_NIO, JvmFlags.OPEN_NIO_CH, JvmFlags.NO_ANALYTICS, JvmFlags.HEAP})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class ForkedBenchmark
{
}
