package io.pagekv.value;

import io.pagekv.format.FormatVersion;
import io.pagekv.format.Lz4BlockLayout;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * Compresses a value into an {@link Lz4BlockLayout LZ4 block} and inflates one back, treating
 * every stored block as hostile: only the length-checked safe decompressor is used; the claimed
 * length is checked against the caller's largest value and against what the block can possibly
 * inflate to before anything is allocated; a block that does not inflate to exactly its claimed
 * length is refused. Whatever the bytes, the result is the value or a
 * {@link DamagedBlockException}: never an exception from inside LZ4, never a huge allocation.
 *
 * <p>Thread-safe: lz4-java's compressors and decompressors are stateless.
 */
public final class Lz4Block
{
    /**
     * The most an LZ4 block can inflate per byte: a match of length 19 + 255·k costs k + 3 bytes,
     * so no block inflates to more than 255 times its length, plus one token's worth.
     */
    static final int MAX_RATIO = 255;

    private static final LZ4Compressor COMPRESSOR = Lz4Instance.FACTORY.fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = Lz4Instance.FACTORY.safeDecompressor();

    private Lz4Block()
    {
    }

    /**
     * @return the lz4-java instance in use: {@code native} (JNI) or {@code java}.
     */
    public static String instance()
    {
        return Lz4Instance.name();
    }

    /**
     * @param value            the value.
     * @param minSavingPercent the least saving, in percent of the value's length, that the block
     *                         must bring, 0 to 99.
     * @return the stored block, or null if it would not save that much.
     */
    public static byte[] compress(final byte[] value, final int minSavingPercent)
    {
        final int bound = COMPRESSOR.maxCompressedLength(value.length);
        final byte[] block = new byte[Lz4BlockLayout.HEADER_LENGTH + bound];
        final int compressed = COMPRESSOR.compress(value, 0, value.length, block, Lz4BlockLayout.BLOCK_OFFSET, bound);
        final int stored = Lz4BlockLayout.HEADER_LENGTH + compressed;
        if ((long)stored * 100 > (long)value.length * (100 - minSavingPercent) || stored >= value.length)
        {
            return null;
        }
        final byte[] exact = Arrays.copyOf(block, stored);
        new UnsafeBuffer(exact).putInt(Lz4BlockLayout.RAW_LENGTH_OFFSET, value.length, FormatVersion.ORDER);
        return exact;
    }

    /**
     * Inflates a stored block.
     *
     * @param stored       the buffer holding the block.
     * @param offset       where the block starts.
     * @param length       the block's stored length, header included.
     * @param maxRawLength the largest value the reader accepts.
     * @return the value.
     * @throws DamagedBlockException if the block is damaged or lies about its length.
     */
    public static byte[] inflate(final DirectBuffer stored, final int offset, final int length, final int maxRawLength)
    {
        return inflate(DECOMPRESSOR, stored, offset, length, maxRawLength);
    }

    /**
     * {@link #inflate(DirectBuffer, int, int, int)} with a given decompressor, so that tests run
     * hostile blocks through both the JNI and the pure-Java instance.
     */
    static byte[] inflate(
        final LZ4SafeDecompressor decompressor, final DirectBuffer stored, final int offset, final int length, final int maxRawLength)
    {
        if (length < Lz4BlockLayout.HEADER_LENGTH)
        {
            throw new DamagedBlockException(0, "LZ4 block of " + length + " bytes is shorter than its " +
                Lz4BlockLayout.HEADER_LENGTH + "-byte length field");
        }
        final int rawLength = Lz4BlockLayout.rawLength(stored, offset);
        final int blockLength = length - Lz4BlockLayout.HEADER_LENGTH;
        if (rawLength < 0 || rawLength > maxRawLength || rawLength > (long)blockLength * MAX_RATIO)
        {
            throw new DamagedBlockException(Lz4BlockLayout.RAW_LENGTH_OFFSET, "LZ4 block claims an uncompressed length of " +
                rawLength + " bytes, not 0 to min(" + maxRawLength + ", " + MAX_RATIO + " x its " + blockLength + " bytes)");
        }
        final byte[] source;
        final int sourceOffset;
        if (stored.byteArray() != null)
        {
            source = stored.byteArray();
            sourceOffset = (int)stored.wrapAdjustment() + offset + Lz4BlockLayout.BLOCK_OFFSET;
        }
        else
        {
            source = new byte[blockLength];
            sourceOffset = 0;
            stored.getBytes(offset + Lz4BlockLayout.BLOCK_OFFSET, source);
        }
        final byte[] value = new byte[rawLength];
        final int inflated;
        try
        {
            inflated = decompressor.decompress(source, sourceOffset, blockLength, value, 0, rawLength);
        }
        catch (final RuntimeException ex)
        {
            throw new DamagedBlockException(Lz4BlockLayout.BLOCK_OFFSET, "LZ4 block of " + blockLength +
                " bytes does not inflate to its " + rawLength + " bytes: " + ex.getMessage());
        }
        if (inflated != rawLength)
        {
            throw new DamagedBlockException(Lz4BlockLayout.RAW_LENGTH_OFFSET, "LZ4 block inflates to " + inflated +
                " bytes, its length field says " + rawLength);
        }
        return value;
    }
}
