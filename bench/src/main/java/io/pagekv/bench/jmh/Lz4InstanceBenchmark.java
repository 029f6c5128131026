package io.pagekv.bench.jmh;

import io.pagekv.bench.values.JsonLikeValues;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;

/**
 * Which lz4-java instance pagekv uses (architecture decision 26): the length-checked safe
 * decompressor and the fast compressor of the JNI instance against the pure-Java ones, on a
 * JSON-like value read from direct memory (as from a mapped page) into a heap array.
 */
@State(Scope.Benchmark)
public class Lz4InstanceBenchmark extends ForkedBenchmark
{
    /** {@code native}: JNI; {@code java-unsafe}: pure Java over Unsafe; {@code java-safe}: pure Java, array bounds. */
    @Param({"native", "java-unsafe", "java-safe"})
    public String instance;

    /** Bytes per value. */
    @Param({"1024", "8192"})
    public int valueSize;

    private LZ4Compressor compressor;
    private LZ4SafeDecompressor decompressor;
    private byte[] raw;
    private ByteBuffer compressed;
    private int compressedLength;
    private ByteBuffer inflated;
    private ByteBuffer deflated;

    /** Compresses one value into direct memory. */
    @Setup
    public void setUp()
    {
        final LZ4Factory factory = switch (instance)
        {
            case "native" -> LZ4Factory.nativeInstance();
            case "java-unsafe" -> LZ4Factory.unsafeInstance();
            case "java-safe" -> LZ4Factory.safeInstance();
            default -> throw new IllegalArgumentException(instance);
        };
        compressor = factory.fastCompressor();
        decompressor = factory.safeDecompressor();
        raw = JsonLikeValues.value(42, valueSize);
        compressed = ByteBuffer.allocateDirect(compressor.maxCompressedLength(valueSize));
        compressedLength = compressor.compress(ByteBuffer.wrap(raw), 0, raw.length, compressed, 0, compressed.capacity());
        inflated = ByteBuffer.wrap(new byte[valueSize]);
        deflated = ByteBuffer.wrap(new byte[compressor.maxCompressedLength(valueSize)]);
    }

    /** @return bytes inflated: direct block to heap array, length-checked. */
    @Benchmark
    public int decompress()
    {
        return decompressor.decompress(compressed, 0, compressedLength, inflated, 0, valueSize);
    }

    /** @return bytes of the block: heap value to heap array. */
    @Benchmark
    public int compress()
    {
        return compressor.compress(ByteBuffer.wrap(raw), 0, raw.length, deflated, 0, deflated.capacity());
    }
}
