package io.pagekv.format;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The checksum delta of a change in place equals recomputing the checksum: for byte ranges of
 * any length at any place, and for 8-byte fields changed one after another.
 */
class CrcDeltaProperties
{
    @Property(tries = 300)
    void aRangeDeltaMatchesRecomputing(
        @ForAll @Size(min = 1, max = 20_000) final byte[] region, @ForAll @Size(min = 1, max = 600) final byte[] patch,
        @ForAll @IntRange(min = 0, max = 1_000_000) final int where)
    {
        final int length = Math.min(patch.length, region.length);
        final int offset = where % (region.length - length + 1);
        final int before = crc(region);
        final UnsafeBuffer old = new UnsafeBuffer(region.clone());
        System.arraycopy(patch, 0, region, offset, length);
        final int delta = CrcDelta.of(old, offset, new UnsafeBuffer(patch), 0, length, region.length - offset - length);
        assertEquals(crc(region), before ^ delta);
    }

    @Property(tries = 300)
    void successiveFieldDeltasMatchRecomputing(
        @ForAll @IntRange(min = 1, max = 2000) final int fields, @ForAll final long seed)
    {
        final ByteBuffer region = ByteBuffer.allocate(fields * 8).order(ByteOrder.LITTLE_ENDIAN);
        final java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < fields; i++)
        {
            region.putLong(i * 8, random.nextLong());
        }
        int crc = crc(region.array());
        for (int step = 0; step < 20; step++)
        {
            final int field = random.nextInt(fields) * 8;
            final long old = region.getLong(field);
            final long updated = old + random.nextInt(1000) - 500;
            region.putLong(field, updated);
            crc ^= CrcDelta.ofLong(old, updated, region.capacity() - field - 8);
        }
        assertEquals(crc(region.array()), crc);
    }

    private static int crc(final byte[] bytes)
    {
        final CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int)crc.getValue();
    }
}
