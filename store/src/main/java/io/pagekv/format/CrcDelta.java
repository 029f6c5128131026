package io.pagekv.format;

import org.agrona.DirectBuffer;

/**
 * Keeps a page checksum current when bytes of the page change in place, without reading the
 * rest of the page: CRC32C is affine in its input, so for two messages of equal length
 * {@code crc(a) ^ crc(b) = lin(a ^ b)}, where {@code lin} is the CRC with zero initial value and
 * no final xor. The difference {@code a ^ b} is zero outside the changed range, and leading zeros
 * do not change {@code lin}; trailing zeros multiply it by {@code x^(8n)} modulo the polynomial.
 * So the new checksum is the old one xor {@link #of the delta} of the changed bytes, shifted
 * by the bytes that follow them ({@code O(log n)} work, as zlib's {@code crc32_combine}).
 *
 * <p>Because the update is an xor, updates that land concurrently commute: after all of them the
 * checksum is right whatever their order (see {@code docs/architecture.md}, decision 13).
 *
 * <p>Stateless and thread-safe.
 */
public final class CrcDelta
{
    /** The reflected CRC32C (Castagnoli) polynomial. */
    private static final int POLY = 0x82F63B78;
    /** {@code X2N[k]} is {@code x^(2^k)} modulo the polynomial, reflected. */
    private static final int[] X2N = new int[32];

    static
    {
        int p = 1 << 30; // x^1
        X2N[0] = p;
        for (int k = 1; k < 32; k++)
        {
            p = multiply(p, p);
            X2N[k] = p;
        }
    }

    private CrcDelta()
    {
    }

    /**
     * @param oldBytes   the bytes before the change.
     * @param oldOffset  where they start.
     * @param newBytes   the bytes after the change.
     * @param newOffset  where they start.
     * @param length     how many bytes changed (the range, equal in both).
     * @param bytesAfter how many bytes of the checksummed region follow the changed range.
     * @return what to xor into the region's checksum.
     */
    public static int of(
        final DirectBuffer oldBytes, final int oldOffset, final DirectBuffer newBytes, final int newOffset, final int length,
        final int bytesAfter)
    {
        int crc = 0;
        for (int i = 0; i < length; i++)
        {
            crc = step(crc, (oldBytes.getByte(oldOffset + i) ^ newBytes.getByte(newOffset + i)) & 0xFF);
        }
        return shift(crc, bytesAfter);
    }

    /**
     * @param oldValue   the 8-byte little-endian field before the change.
     * @param newValue   after.
     * @param bytesAfter how many bytes of the checksummed region follow the field.
     * @return what to xor into the region's checksum.
     */
    public static int ofLong(final long oldValue, final long newValue, final int bytesAfter)
    {
        final long diff = oldValue ^ newValue;
        int crc = 0;
        for (int i = 0; i < Long.BYTES; i++)
        {
            crc = step(crc, (int)(diff >>> (8 * i)) & 0xFF);
        }
        return shift(crc, bytesAfter);
    }

    /**
     * @return {@code x^(8 × bytesAfter)} modulo the polynomial: the operator that shifts a delta
     * by that many trailing zero bytes.
     */
    private static int shiftOperator(final long bytesAfter)
    {
        int p = 1 << 31; // x^0
        long n = bytesAfter;
        int k = 3; // bytes are 2^3 bits
        while (n != 0)
        {
            if ((n & 1) != 0)
            {
                p = multiply(X2N[k & 31], p);
            }
            n >>>= 1;
            k++;
        }
        return p;
    }

    private static int shift(final int crc, final long bytesAfter)
    {
        return bytesAfter == 0 ? crc : multiply(shiftOperator(bytesAfter), crc);
    }

    private static int step(final int crc, final int octet)
    {
        int c = crc ^ octet;
        for (int bit = 0; bit < 8; bit++)
        {
            c = (c & 1) != 0 ? (c >>> 1) ^ POLY : c >>> 1;
        }
        return c;
    }

    /** Multiplies two reflected polynomials modulo the CRC32C polynomial (zlib's {@code multmodp}). */
    private static int multiply(final int a, final int b)
    {
        int m = 1 << 31;
        int p = 0;
        int bb = b;
        while (true)
        {
            if ((a & m) != 0)
            {
                p ^= bb;
                if ((a & (m - 1)) == 0)
                {
                    break;
                }
            }
            m >>>= 1;
            if (m == 0)
            {
                break;
            }
            bb = (bb & 1) != 0 ? (bb >>> 1) ^ POLY : bb >>> 1;
        }
        return p;
    }
}
