package io.pagekv.bench.kv;

/**
 * Folds the entries of an ordered walk into one number that depends on their order, so that a
 * test can check a scan against a sorted model.
 */
public final class ScanDigest
{
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private ScanDigest()
    {
    }

    /**
     * @param digest      the digest so far (0 to start).
     * @param key         the next key.
     * @param valueDigest its value's {@link ValueDigest}.
     * @return the new digest.
     */
    public static long next(final long digest, final long key, final long valueDigest)
    {
        return (digest * MULTIPLIER) ^ key ^ Long.rotateLeft(valueDigest, 17);
    }

    /**
     * @param digest    the digest so far (0 to start).
     * @param firstByte the next entry's first value byte.
     * @return the new digest.
     */
    public static long touch(final long digest, final byte firstByte)
    {
        return (digest * MULTIPLIER) ^ firstByte;
    }
}
