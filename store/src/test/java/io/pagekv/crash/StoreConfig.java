package io.pagekv.crash;

import io.pagekv.CompactionPolicy;
import io.pagekv.Durability;
import io.pagekv.StoreOptions;

import java.util.Random;

/**
 * The options a battery run picks for one store: small segments and frequent checkpoints, so
 * that segment rolls and superblock writes happen often.
 */
record StoreConfig(int pageSize, long segmentSize, long checkpointBytes, Durability durability)
{
    static StoreConfig random(final Random random)
    {
        final int pageSize = random.nextInt(4) == 0 ? 8192 : 4096;
        final long[] segments = {64 << 10, 128 << 10, 1 << 20};
        final long[] checkpoints = {8 << 10, 64 << 10, 64L << 20};
        return new StoreConfig(pageSize, segments[random.nextInt(segments.length)], checkpoints[random.nextInt(checkpoints.length)],
            random.nextInt(4) == 0 ? Durability.ASYNC : Durability.SYNC);
    }

    StoreConfig withDurability(final Durability durability)
    {
        return new StoreConfig(pageSize, segmentSize, checkpointBytes, durability);
    }

    StoreOptions options()
    {
        return StoreOptions.defaults().withPageSize(pageSize).withSegmentSize(segmentSize)
            .withCheckpointBytes(checkpointBytes).withDurability(durability)
            // The battery's models are per txn id; compaction's extra commits are tested by their own tests.
            .withCompaction(CompactionPolicy.off());
    }

    String[] args()
    {
        return new String[]{Integer.toString(pageSize), Long.toString(segmentSize), Long.toString(checkpointBytes), durability.name()};
    }
}
