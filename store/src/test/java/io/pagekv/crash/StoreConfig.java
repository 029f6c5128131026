package io.pagekv.crash;

import io.pagekv.CompactionPolicy;
import io.pagekv.Durability;
import io.pagekv.StoreOptions;

import java.util.Random;

/**
 * The options a battery run picks for one store: small segments and frequent checkpoints, so
 * that segment rolls and superblock writes happen often, and, in most runs, aggressive automatic
 * compaction (a low space-amplification bound), so that segments are retired all the time.
 * The battery's models identify a state by its contents ({@link Workload}), so compaction's own
 * commits need no special case.
 */
record StoreConfig(int pageSize, long segmentSize, long checkpointBytes, Durability durability, CompactionPolicy compaction)
{
    /** Number of strings {@link #args()} gives and {@link #parse} takes. */
    static final int ARGS = 6;

    /** A store without automatic compaction. */
    StoreConfig(final int pageSize, final long segmentSize, final long checkpointBytes, final Durability durability)
    {
        this(pageSize, segmentSize, checkpointBytes, durability, CompactionPolicy.off());
    }

    static StoreConfig random(final Random random)
    {
        final int pageSize = random.nextInt(4) == 0 ? 8192 : 4096;
        final long[] segments = {64 << 10, 128 << 10, 1 << 20};
        final long[] checkpoints = {8 << 10, 64 << 10, 64L << 20};
        return new StoreConfig(pageSize, segments[random.nextInt(segments.length)], checkpoints[random.nextInt(checkpoints.length)],
            random.nextInt(4) == 0 ? Durability.ASYNC : Durability.SYNC, randomCompaction(random));
    }

    /**
     * @param random the choices.
     * @return off in a third of the draws, else an aggressive policy: compact once the log holds
     * 1.05 to 1.5 times the live pages, retiring segments up to 60% to 100% live first.
     */
    static CompactionPolicy randomCompaction(final Random random)
    {
        if (random.nextInt(3) == 0)
        {
            return CompactionPolicy.off();
        }
        final double[] ratios = {0.6, 0.9, 1.0};
        final double[] amplifications = {1.05, 1.2, 1.5};
        return CompactionPolicy.of(ratios[random.nextInt(ratios.length)], amplifications[random.nextInt(amplifications.length)]);
    }

    StoreConfig withDurability(final Durability durability)
    {
        return new StoreConfig(pageSize, segmentSize, checkpointBytes, durability, compaction);
    }

    StoreConfig withCompaction(final CompactionPolicy compaction)
    {
        return new StoreConfig(pageSize, segmentSize, checkpointBytes, durability, compaction);
    }

    StoreOptions options()
    {
        return StoreOptions.defaults().withPageSize(pageSize).withSegmentSize(segmentSize)
            .withCheckpointBytes(checkpointBytes).withDurability(durability).withCompaction(compaction);
    }

    /**
     * @return the config as {@link #ARGS} strings, for a child JVM.
     */
    String[] args()
    {
        return new String[]{Integer.toString(pageSize), Long.toString(segmentSize), Long.toString(checkpointBytes), durability.name(),
            Double.toString(compaction.enabled() ? compaction.maxLiveRatio() : 0), Double.toString(compaction.maxSpaceAmplification())};
    }

    /**
     * @param args a child's arguments.
     * @param from where {@link #args()} starts in them.
     * @return the config.
     */
    static StoreConfig parse(final String[] args, final int from)
    {
        final double ratio = Double.parseDouble(args[from + 4]);
        return new StoreConfig(Integer.parseInt(args[from]), Long.parseLong(args[from + 1]), Long.parseLong(args[from + 2]),
            Durability.valueOf(args[from + 3]),
            ratio == 0 ? CompactionPolicy.off() : CompactionPolicy.of(ratio, Double.parseDouble(args[from + 5])));
    }

    @Override
    public String toString()
    {
        return "StoreConfig[pageSize=" + pageSize + ", segmentSize=" + segmentSize + ", checkpointBytes=" + checkpointBytes +
            ", durability=" + durability + ", compaction=" + (compaction.enabled() ?
            "live<=" + compaction.maxLiveRatio() + " amp>" + compaction.maxSpaceAmplification() : "off") + "]";
    }
}
