package io.pagekv.bench.report;

import java.util.Locale;

/**
 * Figures as people read them: three significant digits and a k, M or G suffix.
 */
final class Numbers
{
    private static final String[] SUFFIXES = {"", "k", "M", "G"};
    private static final double THOUSAND = 1000;

    private Numbers()
    {
    }

    /**
     * @param figure a rate and its error.
     * @return for example {@code 2.54 ± 0.08 M}; the error is {@code ± ?} when unknown.
     */
    static String withError(final Figure figure)
    {
        final int scale = scale(figure.value());
        final double divisor = Math.pow(THOUSAND, scale);
        final String suffix = SUFFIXES[scale].isEmpty() ? "" : " " + SUFFIXES[scale];
        final String error = Double.isNaN(figure.error()) ? "?" : digits(figure.error() / divisor, figure.value() / divisor);
        return digits(figure.value() / divisor, figure.value() / divisor) + " ± " + error + suffix;
    }

    /**
     * @param value a number.
     * @return it with three significant digits and a suffix, for example {@code 312 k}.
     */
    static String compact(final double value)
    {
        final int scale = scale(value);
        final double scaled = value / Math.pow(THOUSAND, scale);
        return digits(scaled, scaled) + (SUFFIXES[scale].isEmpty() ? "" : " " + SUFFIXES[scale]);
    }

    /**
     * @param value a number, or NaN.
     * @param decimals digits after the point.
     * @return it, or an en dash for NaN.
     */
    static String fixed(final double value, final int decimals)
    {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    private static int scale(final double value)
    {
        int scale = 0;
        double v = Math.abs(value);
        while (v >= THOUSAND && scale < SUFFIXES.length - 1)
        {
            v /= THOUSAND;
            scale++;
        }
        return scale;
    }

    private static String digits(final double value, final double magnitudeOf)
    {
        final double m = Math.abs(magnitudeOf);
        final int decimals = m >= 100 ? 0 : m >= 10 ? 1 : 2;
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
