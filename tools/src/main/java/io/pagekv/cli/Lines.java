package io.pagekv.cli;

/**
 * Quoting input lines in error messages: short, and with control characters made visible.
 */
final class Lines
{
    private static final int EXCERPT = 40;

    private Lines()
    {
    }

    /**
     * @param text a piece of input.
     * @return at most 40 characters of it, non-printable ones escaped, "..." if cut.
     */
    static String excerpt(final String text)
    {
        final StringBuilder excerpt = new StringBuilder();
        int i = 0;
        while (i < text.length() && excerpt.length() < EXCERPT)
        {
            final char c = text.charAt(i++);
            excerpt.append(c >= 0x20 && c != 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int)c));
        }
        return i < text.length() ? excerpt + "..." : excerpt.toString();
    }
}
