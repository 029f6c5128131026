package io.pagekv.page;

/**
 * Excludes changes in place while a patchable run's checksum is checked: a patch or a counter
 * update changes a run's bytes and then its checksum, so a checker must not read between the
 * two. The writer of the store installs one ({@link PageStore#guardRuns}); without one, runs are
 * checked unguarded, which is right for a store in which nothing changes in place.
 */
public interface RunGuard
{
    /**
     * Waits until no one changes the run, then keeps changes out until {@link #release}.
     *
     * @param runId the run's first page id.
     * @return whether anything was taken (and must be released).
     */
    boolean acquire(long runId);

    /**
     * Lets changes of the run go on again.
     *
     * @param runId the run's first page id.
     */
    void release(long runId);
}
