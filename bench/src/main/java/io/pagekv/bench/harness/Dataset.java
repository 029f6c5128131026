package io.pagekv.bench.harness;

import java.util.SplittableRandom;

/**
 * The entries a benchmark loads: keys {@code 0 .. entries-1}, inserted in one fixed random
 * order, with values of one size drawn from a small pool of random byte arrays.
 *
 * <p>Large values would make {@code n} entries too big for the machine, so the entry count is
 * capped by a data budget: {@code entries = min(n, dataMiB MiB / valueSize)}. The report uses
 * {@link #entries(int, int, int)} to turn per-load times into per-entry rates.
 */
public final class Dataset
{
    private static final int VALUE_POOL = 16;
    private static final long SEED = 0x5EED_CAFEL;

    private final int entries;
    private final int valueSize;
    private final int[] insertionOrder;
    private final byte[][] values;

    private Dataset(final int entries, final int valueSize)
    {
        this.entries = entries;
        this.valueSize = valueSize;
        final SplittableRandom random = new SplittableRandom(SEED);
        insertionOrder = new int[entries];
        for (int i = 0; i < entries; i++)
        {
            insertionOrder[i] = i;
        }
        for (int i = entries - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int swap = insertionOrder[i];
            insertionOrder[i] = insertionOrder[j];
            insertionOrder[j] = swap;
        }
        values = new byte[VALUE_POOL][valueSize];
        for (final byte[] value : values)
        {
            random.nextBytes(value);
        }
    }

    /**
     * @param n         the {@code n} parameter: entries for small values.
     * @param valueSize bytes per value.
     * @param dataMiB   the data budget for large values.
     * @return the data set.
     */
    public static Dataset of(final int n, final int valueSize, final int dataMiB)
    {
        return new Dataset((int)entries(n, valueSize, dataMiB), valueSize);
    }

    /**
     * @param n         the {@code n} parameter.
     * @param valueSize bytes per value.
     * @param dataMiB   the data budget.
     * @return how many entries such a data set holds.
     */
    public static long entries(final int n, final int valueSize, final int dataMiB)
    {
        return Math.max(1, Math.min(n, ((long)dataMiB << 20) / Math.max(1, valueSize)));
    }

    /**
     * @return how many entries it holds.
     */
    public int entries()
    {
        return entries;
    }

    /**
     * @return bytes per value.
     */
    public int valueSize()
    {
        return valueSize;
    }

    /**
     * @param i a position in the insertion order, {@code 0 .. entries-1}.
     * @return the key inserted at that position.
     */
    public long keyAt(final int i)
    {
        return insertionOrder[i];
    }

    /**
     * @param key a key.
     * @return its value; shared, never to be modified.
     */
    public byte[] value(final long key)
    {
        return values[(int)(key % VALUE_POOL)];
    }
}
