package io.pagekv.cli;

import io.pagekv.Store;
import io.pagekv.StoreLockedException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --wait[=DURATION]} option of write commands: when another process holds the
 * writer lock, try again every 100 ms, for DURATION or, without one, until the lock is free,
 * instead of stopping at once with exit status 4.
 */
final class LockWaitOption
{
    private static final long RETRY_MILLIS = 100;
    /** Waiting as long as it takes: a century. */
    private static final Duration FOREVER = Duration.ofDays(36_525);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    @Option(names = "--wait", arity = "0..1", paramLabel = "DURATION", fallbackValue = "forever", converter = Converter.class,
        description = "If another process holds the writer lock, wait for it: for DURATION (500ms, 30s, 5m, 1h; " +
            "a bare number is seconds), or as long as it takes.")
    private Duration wait;

    /**
     * @param open opens the store for writing.
     * @return the open store.
     * @throws StoreLockedException if the lock is still held when the wait ends (or at once, without {@code --wait}).
     */
    Store open(final Supplier<Store> open)
    {
        final long deadline = wait == null ? System.nanoTime() : System.nanoTime() + wait.toNanos();
        while (true)
        {
            try
            {
                return open.get();
            }
            catch (final StoreLockedException ex)
            {
                if (System.nanoTime() - deadline >= 0)
                {
                    throw ex;
                }
            }
            try
            {
                Thread.sleep(RETRY_MILLIS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the writer lock", ex);
            }
        }
    }

    /** Reads {@code 500ms}, {@code 30s}, {@code 30}, {@code 5m}, {@code 1h} or {@code forever}. */
    static final class Converter implements CommandLine.ITypeConverter<Duration>
    {
        @Override
        public Duration convert(final String text)
        {
            if (text.equals("forever"))
            {
                return FOREVER;
            }
            final Matcher matcher = DURATION.matcher(text);
            if (!matcher.matches())
            {
                throw new CommandLine.TypeConversionException("'" + text + "' is not a duration: write for example 500ms, 30s, 5m or 1h");
            }
            final long amount = Long.parseLong(matcher.group(1));
            final String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            switch (unit)
            {
                case "ms": return Duration.ofMillis(amount);
                case "m": return Duration.ofMinutes(amount);
                case "h": return Duration.ofHours(amount);
                default: return Duration.ofSeconds(amount);
            }
        }
    }
}
