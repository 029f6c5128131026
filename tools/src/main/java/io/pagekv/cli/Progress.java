package io.pagekv.cli;

import java.io.PrintStream;

/**
 * A progress line on standard error, redrawn in place with {@code \r} at most five times a
 * second, and erased when the work ends. Shown only when a person watches a terminal
 * ({@link Streams#interactive()}); silent when output is piped or redirected.
 *
 * <pre>{@code
 * try (Progress progress = Progress.start(streams, "loading", "entries", total)) { ... progress.update(done); }
 * }</pre>
 *
 * <p>Not thread-safe: update it from the thread doing the work.
 */
final class Progress implements AutoCloseable
{
    private static final long REDRAW_NANOS = 200_000_000L;

    private final long redrawNanos;
    private final PrintStream err;
    private final String what;
    private final String unit;
    private final long total;
    private final long started = System.nanoTime();
    private long lastDrawn;
    private int width;

    /**
     * @param err         where to draw, or null to draw nothing.
     * @param what        the work.
     * @param unit        what is counted.
     * @param total       how many there will be, or 0 if unknown.
     * @param redrawNanos least time between two drawings.
     */
    Progress(final PrintStream err, final String what, final String unit, final long total, final long redrawNanos)
    {
        this.redrawNanos = redrawNanos;
        this.err = err;
        this.what = what;
        this.unit = unit;
        this.total = total;
        this.lastDrawn = started;
    }

    /**
     * @param streams the streams; progress is drawn only when they are interactive.
     * @param what    the work, for example {@code "loading"}.
     * @param unit    what is counted, for example {@code "entries"}.
     * @param total   how many there will be, or 0 if unknown.
     * @return the progress line; close it when the work ends.
     */
    static Progress start(final Streams streams, final String what, final String unit, final long total)
    {
        return new Progress(streams.interactive() ? streams.err() : null, what, unit, total, REDRAW_NANOS);
    }

    /**
     * @param done how many are done so far.
     */
    void update(final long done)
    {
        final long now = System.nanoTime();
        if (err == null || now - lastDrawn < redrawNanos)
        {
            return;
        }
        lastDrawn = now;
        final StringBuilder line = new StringBuilder(what).append(": ").append(Units.count(done));
        if (total > 0)
        {
            line.append(" of ").append(Units.count(total)).append(' ').append(unit)
                .append(" (").append(Units.percent(Math.min(done, total), total)).append(')');
        }
        else
        {
            line.append(' ').append(unit);
        }
        line.append(", ").append(Units.perSecond(done, now - started)).append('/').append('s');
        final int length = line.length();
        while (line.length() < width)
        {
            line.append(' ');
        }
        width = length;
        err.print("\r" + line);
        err.flush();
    }

    /**
     * Erases the line if one was drawn.
     */
    @Override
    public void close()
    {
        if (err != null && width > 0)
        {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
            width = 0;
        }
    }
}
