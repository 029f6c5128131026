package io.pagekv.format;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Checksums#update} gives the CRC32C of the same bytes whatever holds them: a heap array,
 * direct memory read through a copy (as a mapping is), or an {@link OwnedDirectBuffer} read in
 * place, for any region, checksummed in one call or in two pieces.
 */
class ChecksumsProperties
{
    @Property(tries = 300)
    void everyBufferKindGivesTheChecksumOfTheSameBytes(
        @ForAll @Size(min = 1, max = 40_000) final byte[] bytes,
        @ForAll @IntRange(min = 0, max = 1000) final int fromPerMille,
        @ForAll @IntRange(min = 0, max = 1000) final int lengthPerMille,
        @ForAll @IntRange(min = 0, max = 1000) final int splitPerMille)
    {
        final int offset = (int)((long)bytes.length * fromPerMille / 1000) % bytes.length;
        final int length = (int)((long)(bytes.length - offset) * lengthPerMille / 1000);
        final int split = (int)((long)length * splitPerMille / 1000);
        final CRC32C expected = new CRC32C();
        expected.update(bytes, offset, length);

        final ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
        direct.put(bytes);
        final OwnedDirectBuffer owned = new OwnedDirectBuffer(bytes.length);
        owned.putBytes(0, bytes);
        for (final UnsafeBuffer buffer : new UnsafeBuffer[] {new UnsafeBuffer(bytes), new UnsafeBuffer(direct), owned})
        {
            final CRC32C crc = new CRC32C();
            Checksums.update(crc, buffer, offset, split);
            Checksums.update(crc, buffer, offset + split, length - split);
            assertEquals(expected.getValue(), crc.getValue(), buffer.getClass().getSimpleName() + " at " + offset + " for " + length);
        }
    }
}
