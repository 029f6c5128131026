package io.pagekv.cli;

import io.pagekv.Store;
import io.pagekv.VerifyProblem;
import io.pagekv.VerifyReport;

import java.util.List;

/**
 * The full check of a store behind {@code verify}, {@code info} and {@code stats}: the
 * library's walk of every reachable page, the segment lengths, the superblock slots and the
 * commit chain ({@link Store#verify}), timed and with progress on a terminal.
 *
 * @param report   what the walk found.
 * @param problems every problem found.
 * @param nanos    how long it took.
 */
record StoreCheck(VerifyReport report, List<VerifyProblem> problems, long nanos)
{
    /**
     * Checks the store, with progress on a terminal.
     *
     * @param store   the open store.
     * @param streams where progress goes.
     * @return the result.
     */
    static StoreCheck run(final Store store, final Streams streams)
    {
        final long started = System.nanoTime();
        final VerifyReport report;
        try (Progress progress = Progress.start(streams, "checking", "pages", 0))
        {
            report = store.verify(progress::update);
        }
        return new StoreCheck(report, report.problems(), System.nanoTime() - started);
    }

    /**
     * @return whether no problem was found.
     */
    boolean isClean()
    {
        return problems.isEmpty();
    }
}
