package io.pagekv.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the {@code pagekv-dump 1} format written by {@link DumpWriter}, one entry at a time,
 * and refuses anything else with the line number: a missing or unknown header, a line that is
 * not {@code KEY<TAB>VALUE}, an undecodable or empty key, text after the {@code end} line, and
 * a dump that stops before its {@code end} line (truncated) or whose counts disagree.
 *
 * <pre>{@code
 * DumpReader reader = new DumpReader(in, "backup.dump");
 * while (reader.next()) { use(reader.key(), reader.value()); }
 * }</pre>
 *
 * <p>Not thread-safe.
 */
final class DumpReader
{
    private final BufferedReader in;
    private final String source;
    private final DumpHeader header;
    private long line = 1;
    private long entries;
    private byte[] key;
    private byte[] value;
    private boolean ended;

    /**
     * Reads the header.
     *
     * @param in     the dump, UTF-8 (encodings write ASCII); not closed here.
     * @param source its name for messages, for example the file name or "standard input".
     * @throws BadInputException if the header is missing or not a version 1 header.
     * @throws IOException       if reading fails.
     */
    DumpReader(final InputStream in, final String source) throws IOException
    {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
        this.source = source;
        final String first = readLine();
        if (first == null)
        {
            throw new BadInputException(source + " is empty: not a pagekv dump");
        }
        this.header = DumpHeader.parse(first, source);
    }

    /**
     * @return the header.
     */
    DumpHeader header()
    {
        return header;
    }

    /**
     * Moves to the next entry.
     *
     * @return false after the {@code end} line, once the counts and the end of input are checked.
     * @throws BadInputException if the input is malformed or truncated.
     * @throws IOException       if reading fails.
     */
    boolean next() throws IOException
    {
        if (ended)
        {
            return false;
        }
        final String text = readLine();
        line++;
        if (text == null)
        {
            throw bad("the dump stops after " + entries + " entries without its '" + DumpHeader.END + "' line: it is truncated");
        }
        final int tab = text.indexOf('\t');
        if (tab < 0)
        {
            if (text.startsWith(DumpHeader.END + " "))
            {
                end(text);
                return false;
            }
            throw bad("expected KEY<TAB>VALUE or '" + DumpHeader.END + " COUNT', found '" + Lines.excerpt(text) + "'");
        }
        if (text.indexOf('\t', tab + 1) >= 0)
        {
            throw bad("more than one tab: expected KEY<TAB>VALUE");
        }
        key = decode("key", text.substring(0, tab));
        if (key.length == 0)
        {
            throw bad("the key is empty: keys are 1 byte or more");
        }
        value = decode("value", text.substring(tab + 1));
        entries++;
        return true;
    }

    private void end(final String text) throws IOException
    {
        ended = true;
        final String count = text.substring(DumpHeader.END.length() + 1);
        if (!count.equals(Long.toString(entries)))
        {
            throw bad("the '" + DumpHeader.END + "' line says " + Lines.excerpt(count) + " entries, the dump holds " + entries);
        }
        if (header.entries() >= 0 && header.entries() != entries)
        {
            throw bad("the header says " + header.entries() + " entries, the dump holds " + entries);
        }
        final String after = readLine();
        if (after != null)
        {
            line++;
            throw bad("text after the '" + DumpHeader.END + "' line: '" + Lines.excerpt(after) + "'");
        }
    }

    /**
     * @return the current entry's key.
     */
    byte[] key()
    {
        return key;
    }

    /**
     * @return the current entry's value.
     */
    byte[] value()
    {
        return value;
    }

    /**
     * @return entries read so far.
     */
    long entries()
    {
        return entries;
    }

    /**
     * @param what what is wrong with the current line.
     * @return the error to throw, naming the input and line.
     */
    BadInputException bad(final String what)
    {
        return new BadInputException(source + " line " + line + ": " + what);
    }

    private byte[] decode(final String what, final String text)
    {
        try
        {
            return header.format().decode(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw bad(what + " is not valid " + header.format() + ": " + ex.getMessage());
        }
    }

    private String readLine() throws IOException
    {
        try
        {
            return in.readLine();
        }
        catch (final CharacterCodingException ex)
        {
            throw new BadInputException(source + " after line " + line + ": not UTF-8 text", ex);
        }
    }
}
