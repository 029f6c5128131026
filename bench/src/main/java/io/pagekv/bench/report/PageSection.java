package io.pagekv.bench.report;

/**
 * A block of a generated page that another program writes: it lies between two HTML comments,
 * {@code <!-- NAME:begin -->} and {@code <!-- NAME:end -->}, so that each program can rewrite
 * its own part and keep the other's.
 */
public final class PageSection
{
    private PageSection()
    {
    }

    /**
     * @param page the page.
     * @param name the section's name.
     * @return the section, markers included, or null if the page has none.
     */
    public static String find(final String page, final String name)
    {
        final int begin = page.indexOf(begin(name));
        final int end = page.indexOf(end(name));
        return begin < 0 || end < begin ? null : page.substring(begin, end + end(name).length());
    }

    /**
     * @param page the page.
     * @param name the section's name.
     * @param body the section's new text, without markers.
     * @return the page with the section replaced, or appended if it had none.
     */
    public static String replace(final String page, final String name, final String body)
    {
        final String section = begin(name) + "\n" + body + end(name);
        final String old = find(page, name);
        if (old != null)
        {
            return page.replace(old, section);
        }
        return page + (page.endsWith("\n\n") || page.isEmpty() ? "" : page.endsWith("\n") ? "\n" : "\n\n") + section + "\n";
    }

    /**
     * @param name a section's name.
     * @return the comment that opens it.
     */
    static String begin(final String name)
    {
        return "<!-- " + name + ":begin -->";
    }

    private static String end(final String name)
    {
        return "<!-- " + name + ":end -->";
    }
}
