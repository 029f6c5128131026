package io.pagekv.cli;

import io.pagekv.Store;
import io.pagekv.VerifyProblem;
import io.pagekv.VerifyReport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The full check of a store behind {@code verify}, {@code info} and {@code stats}: the
 * library's walk of every reachable page ({@link Store#verify}), then two checks the library
 * does not make: segment lengths ({@link SegmentLengths}) and an unusable newest checkpoint
 * ({@link CheckpointCheck}).
 *
 * @param report   what the walk found.
 * @param problems every problem: the walk's, then truncated segments, then a lost checkpoint.
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
     * @throws IOException if a segment file cannot be read.
     */
    static StoreCheck run(final Store store, final Streams streams) throws IOException
    {
        final long started = System.nanoTime();
        final VerifyReport report;
        try (Progress progress = Progress.start(streams, "checking", "pages", 0))
        {
            report = store.verify(progress::update);
        }
        final List<VerifyProblem> problems = new ArrayList<>();
        for (final VerifyProblem problem : report.problems())
        {
            problems.add(withOffset(problem, store.pageSize()));
        }
        problems.addAll(SegmentLengths.check(store.dir(), store.pageSize(), report.segments()));
        problems.addAll(CheckpointCheck.check(store.dir(), store.pageSize(), store.info().checkpointTxnId()));
        return new StoreCheck(report, List.copyOf(problems), System.nanoTime() - started);
    }

    /**
     * @param problem  a problem.
     * @param pageSize the store's page size.
     * @return it with the page's own offset when it names a page but no offset (commit chain problems).
     */
    static VerifyProblem withOffset(final VerifyProblem problem, final int pageSize)
    {
        return problem.page() >= 0 && problem.offset() < 0 ?
            new VerifyProblem(problem.file(), problem.page(), problem.page() * pageSize, problem.what()) : problem;
    }

    /**
     * @return whether no problem was found.
     */
    boolean isClean()
    {
        return problems.isEmpty();
    }
}
