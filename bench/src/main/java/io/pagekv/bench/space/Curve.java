package io.pagekv.bench.space;

import java.util.List;

/**
 * What one contender's overwrite run measured.
 *
 * @param contender         who ran.
 * @param entries           live entries throughout.
 * @param entryBytes        bytes of one entry's key and value: the live data is {@code entries × entryBytes}.
 * @param samples           disk bytes after the load and then every so many overwritten bytes.
 * @param diskAfterClose    disk bytes after the last overwrite and a clean close.
 * @param diskAfterCompact  disk bytes after pagekv's {@code Store.compact()} on the closed store; -1 for the peers.
 * @param writtenOverLive   for pagekv, at the end, the pages its log has written up to its tail
 *                          over the live pages ({@code Store.spaceUsage()}): what its compaction
 *                          policy bounds; NaN for the peers.
 * @param seconds           how long the load and overwrites took.
 */
record Curve(Contender contender, long entries, int entryBytes, List<Sample> samples, long diskAfterClose, long diskAfterCompact,
    double writtenOverLive, double seconds)
{
    /**
     * @param overwritten bytes of keys and values written since the load.
     * @param disk        bytes the store's directory takes on disk ({@code du}).
     */
    record Sample(long overwritten, long disk)
    {
    }

    /** @return the bytes of the live keys and values. */
    long liveBytes()
    {
        return entries * entryBytes;
    }

    /** @return the largest disk figure sampled. */
    long peakDisk()
    {
        return samples.stream().mapToLong(Sample::disk).max().orElse(0);
    }

    /** @return the last sample's disk figure, before the close. */
    long lastDisk()
    {
        return samples.get(samples.size() - 1).disk();
    }
}
