package io.pagekv.cli;

/**
 * Renders the log2 size histograms of {@link io.pagekv.VerifyReport}: bucket 0 counts size 0,
 * bucket i counts sizes in [2^(i-1), 2^i). Only non-empty buckets are shown, each with a bar
 * scaled to the largest.
 */
final class SizeHistogram
{
    private static final int BAR = 40;
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB"};

    private SizeHistogram()
    {
    }

    /**
     * @param title   the heading line.
     * @param buckets the counts.
     * @return the histogram, one line per bucket.
     */
    static String text(final String title, final long[] buckets)
    {
        final StringBuilder text = new StringBuilder(title).append('\n');
        long max = 0;
        for (final long count : buckets)
        {
            max = Math.max(max, count);
        }
        if (max == 0)
        {
            return text.append("  (no entries)\n").toString();
        }
        for (int i = 0; i < buckets.length; i++)
        {
            if (buckets[i] > 0)
            {
                final int bar = (int)Math.max(1, buckets[i] * BAR / max);
                text.append(String.format("  %-20s %10d  %s%n", label(i), buckets[i], "#".repeat(bar)));
            }
        }
        return text.toString();
    }

    /**
     * @param bucket a bucket index.
     * @return its range: {@code "0 B"} or {@code "[8 B, 16 B)"}.
     */
    static String label(final int bucket)
    {
        return bucket == 0 ? "0 B" : "[" + power(bucket - 1) + ", " + power(bucket) + ")";
    }

    /**
     * @param bucket a bucket index.
     * @return the smallest size it counts.
     */
    static long from(final int bucket)
    {
        return bucket == 0 ? 0 : 1L << (bucket - 1);
    }

    /**
     * @param bucket a bucket index.
     * @return the smallest size above it.
     */
    static long to(final int bucket)
    {
        return bucket == 0 ? 1 : 1L << bucket;
    }

    private static String power(final int exponent)
    {
        final int unit = Math.min(exponent / 10, UNITS.length - 1);
        return (1L << (exponent - unit * 10)) + " " + UNITS[unit];
    }
}
