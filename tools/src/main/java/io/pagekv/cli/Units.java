package io.pagekv.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Numbers as people read them: sizes in binary units, counts with separators, rates, times.
 * Locale-independent, so output is the same everywhere.
 */
final class Units
{
    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Units()
    {
    }

    /**
     * @param bytes a size.
     * @return for example {@code "512 B"}, {@code "64.0 MiB"}.
     */
    static String bytes(final long bytes)
    {
        if (bytes < 1024)
        {
            return bytes + " B";
        }
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < BYTE_UNITS.length - 1)
        {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, BYTE_UNITS[unit]);
    }

    /**
     * @param count a count.
     * @return it with thousands separators: {@code "121,003"}.
     */
    static String count(final long count)
    {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /**
     * @param nanos a duration.
     * @return it in seconds: {@code "0.84 s"}.
     */
    static String seconds(final long nanos)
    {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    /**
     * @param count things done.
     * @param nanos in this time.
     * @return things per second, rounded, with separators.
     */
    static String perSecond(final long count, final long nanos)
    {
        return count(nanos <= 0 ? 0 : Math.round(count * 1e9 / nanos));
    }

    /**
     * @param part  a part.
     * @param whole the whole.
     * @return the percentage with one decimal: {@code "96.9%"}.
     */
    static String percent(final long part, final long whole)
    {
        return String.format(Locale.ROOT, "%.1f%%", whole == 0 ? 0.0 : 100.0 * part / whole);
    }

    /**
     * @param epochMillis a time.
     * @return it in ISO-8601 UTC, to the millisecond.
     */
    static String time(final long epochMillis)
    {
        return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
