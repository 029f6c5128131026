package io.pagekv.value;

import io.pagekv.format.FormatVersion;
import io.pagekv.format.Lz4BlockLayout;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LZ4 blocks round-trip, and a hostile block (lying lengths, damaged bytes) gets a
 * {@link DamagedBlockException} or its exact value from both the JNI and the pure-Java
 * instance: never another exception, never an allocation beyond what the block can inflate to.
 */
class Lz4BlockProperties
{
    private static final List<LZ4SafeDecompressor> DECOMPRESSORS =
        List.of(LZ4Factory.nativeInstance().safeDecompressor(), LZ4Factory.safeInstance().safeDecompressor());

    @Property(tries = 200)
    void compressibleValuesRoundTrip(@ForAll("compressible") final byte[] value)
    {
        final byte[] block = Lz4Block.compress(value, 0);
        if (block == null)
        {
            return;
        }
        assertTrue(block.length < value.length);
        for (final LZ4SafeDecompressor decompressor : DECOMPRESSORS)
        {
            assertArrayEquals(value, Lz4Block.inflate(decompressor, new UnsafeBuffer(block), 0, block.length, value.length));
        }
    }

    @Test
    void aBlockThatSavesTooLittleIsNotUsed()
    {
        final byte[] random = new byte[4096];
        new java.util.Random(1).nextBytes(random);
        assertNull(Lz4Block.compress(random, 0));
        final byte[] zeros = new byte[4096];
        assertNotNull(Lz4Block.compress(zeros, 99));
        final byte[] half = new byte[4096];
        new java.util.Random(1).nextBytes(half);
        Arrays.fill(half, 0, 2048, (byte)0);
        assertNotNull(Lz4Block.compress(half, 30));
        assertNull(Lz4Block.compress(half, 60), "half random data cannot save 60%");
    }

    @Property(tries = 300)
    void damagedBlocksInflateCorrectlyOrAreRefused(
        @ForAll("compressible") final byte[] value, @ForAll @IntRange(min = 0, max = 1 << 16) final int where, @ForAll final byte with)
    {
        final byte[] block = Lz4Block.compress(value, 0);
        if (block == null)
        {
            return;
        }
        block[where % block.length] = with;
        for (final LZ4SafeDecompressor decompressor : DECOMPRESSORS)
        {
            try
            {
                final byte[] inflated = Lz4Block.inflate(decompressor, new UnsafeBuffer(block), 0, block.length, 1 << 20);
                assertEquals(Lz4BlockLayout.rawLength(new UnsafeBuffer(block), 0), inflated.length);
            }
            catch (final DamagedBlockException expected)
            {
                assertTrue(expected.offsetInBlock() >= 0 && expected.offsetInBlock() < block.length);
            }
        }
    }

    @Property(tries = 300)
    void garbageIsRefusedOrInflatedToItsClaimedLength(@ForAll("garbage") final byte[] block)
    {
        for (final LZ4SafeDecompressor decompressor : DECOMPRESSORS)
        {
            try
            {
                final byte[] inflated = Lz4Block.inflate(decompressor, new UnsafeBuffer(block), 0, block.length, 1 << 30);
                assertEquals(Lz4BlockLayout.rawLength(new UnsafeBuffer(block), 0), inflated.length);
                assertTrue(inflated.length <= (long)(block.length - Lz4BlockLayout.HEADER_LENGTH) * Lz4Block.MAX_RATIO);
            }
            catch (final DamagedBlockException expected)
            {
                assertNotNull(expected.getMessage());
            }
        }
    }

    @Test
    void lyingUncompressedLengthsAreRefusedBeforeAllocating()
    {
        final byte[] value = new byte[10_000];
        Arrays.fill(value, (byte)'x');
        final byte[] block = Lz4Block.compress(value, 0);
        for (final int lie : new int[] {Integer.MAX_VALUE, -1, Integer.MIN_VALUE, 1 << 30, value.length + 1, value.length - 1, 0})
        {
            final byte[] damaged = block.clone();
            new UnsafeBuffer(damaged).putInt(Lz4BlockLayout.RAW_LENGTH_OFFSET, lie, FormatVersion.ORDER);
            for (final LZ4SafeDecompressor decompressor : DECOMPRESSORS)
            {
                final DamagedBlockException ex = assertThrows(DamagedBlockException.class,
                    () -> Lz4Block.inflate(decompressor, new UnsafeBuffer(damaged), 0, damaged.length, Integer.MAX_VALUE), "length " + lie);
                assertTrue(ex.getMessage().contains(Integer.toString(lie)), ex.getMessage());
            }
        }
        assertThrows(DamagedBlockException.class, () -> Lz4Block.inflate(new UnsafeBuffer(block), 0, block.length, value.length - 1),
            "a value above the reader's largest");
        assertThrows(DamagedBlockException.class, () -> Lz4Block.inflate(new UnsafeBuffer(block), 0, 3, value.length));
        assertThrows(DamagedBlockException.class, () -> Lz4Block.inflate(new UnsafeBuffer(block), 0, block.length - 1, value.length),
            "a block cut short");
    }

    @Provide
    Arbitrary<byte[]> compressible()
    {
        return Arbitraries.oneOf(
            Arbitraries.bytes().between((byte)'a', (byte)'d').array(byte[].class).ofMinSize(0).ofMaxSize(5000),
            Arbitraries.integers().between(1, 20_000).map(n ->
            {
                final byte[] v = new byte[n];
                for (int i = 0; i < n; i++)
                {
                    v[i] = (byte)("{\"name\":\"alpha\",\"qty\":" + (i % 97) + "}").charAt(i % 20);
                }
                return v;
            }));
    }

    @Provide
    Arbitrary<byte[]> garbage()
    {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(4).ofMaxSize(200).map(b ->
        {
            // Claim a length that passes the first checks often enough to reach the decompressor.
            new UnsafeBuffer(b).putInt(0, Math.floorMod(new UnsafeBuffer(b).getInt(0), Math.max(1, (b.length - 4) * 255 + 1)), FormatVersion.ORDER);
            return b;
        });
    }
}
