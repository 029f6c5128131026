package io.pagekv;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What {@link Store#verify()} found: every page reachable from the last commit, checked.
 *
 * @param txnId             the commit verified.
 * @param entries           entries found in the tree.
 * @param depth             levels of the tree.
 * @param pagesByType       reachable pages counted by type name (branch, leaf, overflow).
 * @param segments          per segment: pages written and pages reachable from the last commit.
 * @param commitsChecked    commit records walked back along the chain.
 * @param keySizes          histogram of key sizes: bucket i counts sizes in [2^(i-1), 2^i), bucket 0 size 0.
 * @param valueSizes        histogram of value sizes, bucketed as {@code keySizes}.
 * @param problems          every fault found; empty when the store is clean.
 */
public record VerifyReport(
    long txnId,
    long entries,
    int depth,
    Map<String, Long> pagesByType,
    List<SegmentUsage> segments,
    long commitsChecked,
    long[] keySizes,
    long[] valueSizes,
    List<VerifyProblem> problems)
{
    /**
     * @return whether no problem was found.
     */
    public boolean isClean()
    {
        return problems.isEmpty();
    }

    /**
     * @return the report with the histograms' counts written out, not as array identities.
     */
    @Override
    public String toString()
    {
        return "VerifyReport[txnId=" + txnId + ", entries=" + entries + ", depth=" + depth + ", pagesByType=" + pagesByType +
            ", segments=" + segments + ", commitsChecked=" + commitsChecked + ", keySizes=" + Arrays.toString(keySizes) +
            ", valueSizes=" + Arrays.toString(valueSizes) + ", problems=" + problems + "]";
    }

    /**
     * Pages of one segment file.
     *
     * @param number        the segment number.
     * @param file          the file name.
     * @param capacityPages pages the file holds.
     * @param writtenPages  pages written by commits still on the chain, the header included.
     * @param livePages     pages reachable from the last commit, its commit record included.
     */
    public record SegmentUsage(int number, String file, long capacityPages, long writtenPages, long livePages)
    {
    }
}
