package io.pagekv;

/**
 * When a store compacts by itself ({@link StoreOptions#withCompaction}). After a commit, once the
 * log holds more than {@code maxSpaceAmplification} times the bytes of the live pages, the store
 * retires its oldest segments: first the longest run of them whose pages are at most
 * {@code maxLiveRatio} live, else every segment below the newest. It moves their live pages one
 * bounded commit after each of the application's commits, on the committing thread, so that a
 * writer never waits for more than one such commit and the work keeps pace with the writes.
 *
 * @param enabled               whether the store compacts by itself.
 * @param maxLiveRatio          the largest share of live pages in the segments worth retiring first, in (0, 1].
 * @param maxSpaceAmplification log bytes over live bytes that start a compaction, above 1.
 */
public record CompactionPolicy(boolean enabled, double maxLiveRatio, double maxSpaceAmplification)
{
    private static final CompactionPolicy OFF = new CompactionPolicy(false, 1, Double.POSITIVE_INFINITY);
    private static final CompactionPolicy DEFAULT = new CompactionPolicy(true, 0.5, 1.5);

    /**
     * @throws IllegalArgumentException if a bound is out of range.
     */
    public CompactionPolicy
    {
        if (!(maxLiveRatio > 0 && maxLiveRatio <= 1))
        {
            throw new IllegalArgumentException("maxLiveRatio " + maxLiveRatio + " is not in (0, 1]");
        }
        if (!(maxSpaceAmplification > 1))
        {
            throw new IllegalArgumentException("maxSpaceAmplification " + maxSpaceAmplification + " is not above 1");
        }
    }

    /**
     * @return no automatic compaction; {@link Store#compact()} still works.
     */
    public static CompactionPolicy off()
    {
        return OFF;
    }

    /**
     * @return the default: compact when the log passes 1.5 times the live bytes, retiring first the
     * oldest segments that are at most half live; the log stays under twice the live data. Beside
     * it, a writer may keep up to four retired segment files, holding at most twice the live
     * bytes, to reuse as new segments; a close and {@link Store#compact()} delete them.
     */
    public static CompactionPolicy defaults()
    {
        return DEFAULT;
    }

    /**
     * @param maxLiveRatio          the largest share of live pages in the segments worth retiring first.
     * @param maxSpaceAmplification log bytes over live bytes that start a compaction.
     * @return an enabled policy with those bounds.
     */
    public static CompactionPolicy of(final double maxLiveRatio, final double maxSpaceAmplification)
    {
        return new CompactionPolicy(true, maxLiveRatio, maxSpaceAmplification);
    }
}
