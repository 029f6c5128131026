package io.pagekv.bench.report;

/**
 * One figure of the table: a rate (higher is better) and the half-width of its confidence
 * interval as JMH computed it (NaN when too few iterations ran).
 *
 * @param value the rate.
 * @param error its error, same unit.
 */
record Figure(double value, double error)
{
    /**
     * @param factor a positive number.
     * @return this figure scaled by it.
     */
    Figure times(final double factor)
    {
        return new Figure(value * factor, error * factor);
    }

    /**
     * Turns a time per operation into operations per second, carrying the relative error over.
     *
     * @param secondsPerOp the time of one operation, in seconds, with its error.
     * @return the rate per second.
     */
    static Figure rateOf(final Figure secondsPerOp)
    {
        final double rate = 1 / secondsPerOp.value;
        return new Figure(rate, rate * secondsPerOp.error / secondsPerOp.value);
    }
}
