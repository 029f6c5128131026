package io.pagekv.cli;

import io.pagekv.StoreOptions;

import java.util.Locale;

/**
 * The first line of a dump, which names the format and how keys and values are encoded:
 *
 * <pre>
 * pagekv-dump 1 format=text page-size=4096 entries=121003
 * </pre>
 *
 * The magic word and the version come first; then {@code name=value} fields separated by one
 * space: {@code format} (required: text, hex, base64 or json), {@code page-size} (the source
 * store's, used when load creates a store) and {@code entries} (the count, checked against
 * the {@code end} line). Readers ignore fields they do not know; a change that older readers
 * must not ignore takes a new version: version 2 ({@link #FLAGGED}) lets an entry line end in
 * {@code <TAB>patchable}, and a dump is written in it only when it holds a patchable value, so
 * that every other dump stays version 1, readable by every reader.
 *
 * @param version  {@link #PLAIN} or {@link #FLAGGED}.
 * @param format   the encoding of every key and value.
 * @param pageSize the source store's page size, or 0 if not given.
 * @param entries  the number of entries, or -1 if not given.
 */
record DumpHeader(int version, KeyFormat format, int pageSize, long entries)
{
    /** The word that starts every dump. */
    static final String MAGIC = "pagekv-dump";
    /** The version whose entry lines are {@code KEY<TAB>VALUE}, nothing more. */
    static final int PLAIN = 1;
    /** The version whose entry lines may end in {@code <TAB>patchable}: a value put patchable. */
    static final int FLAGGED = 2;
    /** The flag of an entry whose value was put patchable ({@code putPatchable}). */
    static final String PATCHABLE = "patchable";
    /** The word that starts the last line, followed by the entry count. */
    static final String END = "end";

    /**
     * @return the header line, without line break.
     */
    String line()
    {
        return MAGIC + " " + version + " format=" + format + (pageSize > 0 ? " page-size=" + pageSize : "") +
            (entries >= 0 ? " entries=" + entries : "");
    }

    /**
     * @param line   the first line of the input.
     * @param source the input's name, for messages.
     * @return the header.
     * @throws BadInputException if the line is not a version 1 or 2 header.
     */
    static DumpHeader parse(final String line, final String source)
    {
        final String[] words = line.split(" ", -1);
        if (words.length < 2 || !words[0].equals(MAGIC))
        {
            throw new BadInputException(source + " line 1: not a pagekv dump: expected '" + MAGIC + " " + PLAIN +
                " format=...', found '" + Lines.excerpt(line) + "'");
        }
        final int version = words[1].equals(Integer.toString(PLAIN)) ? PLAIN : words[1].equals(Integer.toString(FLAGGED)) ? FLAGGED : 0;
        if (version == 0)
        {
            throw new BadInputException(source + " line 1: dump format version '" + Lines.excerpt(words[1]) +
                "', this pagekv reads versions " + PLAIN + " and " + FLAGGED);
        }
        KeyFormat format = null;
        int pageSize = 0;
        long entries = -1;
        for (int i = 2; i < words.length; i++)
        {
            final int eq = words[i].indexOf('=');
            if (eq <= 0)
            {
                throw new BadInputException(source + " line 1: header field '" + Lines.excerpt(words[i]) + "' is not name=value");
            }
            final String name = words[i].substring(0, eq);
            final String value = words[i].substring(eq + 1);
            switch (name)
            {
                case "format": format = format(value, source); break;
                case "page-size": pageSize = pageSize(value, source); break;
                case "entries": entries = number(name, value, source, Long.MAX_VALUE); break;
                default: break;
            }
        }
        if (format == null)
        {
            throw new BadInputException(source + " line 1: the header has no format=... field");
        }
        return new DumpHeader(version, format, pageSize, entries);
    }

    private static KeyFormat format(final String value, final String source)
    {
        for (final KeyFormat format : KeyFormat.values())
        {
            if (format.toString().equals(value))
            {
                return format;
            }
        }
        throw new BadInputException(source + " line 1: unknown format '" + Lines.excerpt(value) + "' (text, hex, base64 or json)");
    }

    private static int pageSize(final String value, final String source)
    {
        final int pageSize = (int)number("page-size", value, source, 1 << 16);
        try
        {
            StoreOptions.defaults().withPageSize(pageSize);
            return pageSize;
        }
        catch (final IllegalArgumentException ex)
        {
            throw new BadInputException(source + " line 1: " + ex.getMessage());
        }
    }

    private static long number(final String name, final String value, final String source, final long max)
    {
        try
        {
            final long n = Long.parseLong(value);
            if (n >= 0 && n <= max && value.equals(Long.toString(n)))
            {
                return n;
            }
        }
        catch (final NumberFormatException ex)
        {
            // Reported below, with the field's name.
        }
        throw new BadInputException(String.format(Locale.ROOT, "%s line 1: %s=%s is not a number from 0 to %d", source, name,
            Lines.excerpt(value), max));
    }
}
