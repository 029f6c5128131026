package io.pagekv.cli;

import org.agrona.DirectBuffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the {@code pagekv-dump} format (versions 1 and 2) written by {@link DumpWriter}, one entry
 * at a time, and refuses anything else with the line number: a missing or unknown header, a line
 * that is not {@code KEY<TAB>VALUE} (or, in version 2, {@code KEY<TAB>VALUE<TAB>patchable}), an
 * undecodable or empty key, text after the {@code end} line, and a dump that stops before its
 * {@code end} line (truncated) or whose counts disagree.
 *
 * <p>A value is decoded as its line is read ({@link ValueDecoder}), never held as text, and
 * refused as soon as it grows past the largest value the store takes: a line of a GiB costs
 * the heap nothing and an oversized one is not read to its end.
 *
 * <pre>{@code
 * DumpReader reader = new DumpReader(in, "backup.dump", store.maxValueSize());
 * while (reader.next()) { use(reader.key(), reader.value()); }
 * }</pre>
 *
 * <p>Not thread-safe.
 */
final class DumpReader implements EntrySource
{
    /** The longest key field or other line that is read whole: far more than any key encodes to. */
    private static final int FIELD_LIMIT = 1 << 16;
    private static final int EOF = ByteInput.EOF;
    private static final int NEWLINE = '\n';
    private static final int TAB = '\t';
    private static final int TOO_LONG = -2;

    private final ByteInput in;
    private final String source;
    private final ByteArrayOutputStream field = new ByteArrayOutputStream(256);
    private final ValueSink value;
    private final DumpHeader header;
    private final ValueDecoder decoder;
    private long line = 1;
    private long entries;
    private byte[] key;
    private boolean patchable;
    private boolean ended;

    /**
     * Reads the header.
     *
     * @param in            the dump, UTF-8 (encodings write ASCII); not closed here.
     * @param source        its name for messages, for example the file name or "standard input".
     * @param maxValueBytes the largest value taken.
     * @throws BadInputException if the header is missing or not a version 1 or 2 header.
     * @throws IOException       if reading fails.
     */
    DumpReader(final InputStream in, final String source, final long maxValueBytes) throws IOException
    {
        this.in = new ByteInput(in);
        this.source = source;
        this.value = new ValueSink(maxValueBytes);
        final int end = readField(false);
        if (end == EOF && field.size() == 0)
        {
            throw new BadInputException(source + " is empty: not a pagekv dump");
        }
        if (end == TOO_LONG)
        {
            throw bad("not a pagekv dump: the first line is longer than " + FIELD_LIMIT + " bytes");
        }
        this.header = DumpHeader.parse(fieldText(), source);
        this.decoder = ValueDecoder.of(header.format(), value);
    }

    /**
     * @return the header.
     */
    @Override
    public DumpHeader header()
    {
        return header;
    }

    /**
     * Moves to the next entry.
     *
     * @return false after the {@code end} line, once the counts and the end of input are checked.
     * @throws BadInputException if the input is malformed, truncated or holds an oversized value.
     * @throws IOException       if reading fails.
     */
    @Override
    public boolean next() throws IOException
    {
        if (ended)
        {
            return false;
        }
        line++;
        final int end = readField(true);
        if (end == EOF && field.size() == 0)
        {
            throw bad("the dump stops after " + entries + " entries without its '" + DumpHeader.END + "' line: it is truncated");
        }
        if (end == TOO_LONG)
        {
            throw bad("no tab in the first " + FIELD_LIMIT + " bytes of the line: expected KEY<TAB>VALUE, and keys are far shorter");
        }
        if (end != TAB)
        {
            final String text = fieldText();
            if (text.startsWith(DumpHeader.END + " "))
            {
                end(text);
                return false;
            }
            throw bad("expected KEY<TAB>VALUE or '" + DumpHeader.END + " COUNT', found '" + Lines.excerpt(text) + "'");
        }
        key = decodeKey(fieldText());
        if (key.length == 0)
        {
            throw bad("the key is empty: keys are 1 byte or more");
        }
        readValue();
        entries++;
        return true;
    }

    private void readValue() throws IOException
    {
        value.clear();
        patchable = false;
        try
        {
            decoder.start();
            for (int b = in.read(); b != EOF && !in.endsLine(b); b = in.read())
            {
                if (b == TAB)
                {
                    readFlag();
                    break;
                }
                decoder.accept(b);
            }
            decoder.finish();
        }
        catch (final IllegalArgumentException ex)
        {
            throw bad("value is not valid " + header.format() + ": " + ex.getMessage());
        }
        catch (final ValueSink.Overflow ex)
        {
            throw bad(ex.getMessage());
        }
    }

    /** After the value's tab: the rest of the line must be the one flag version 2 knows. */
    private void readFlag() throws IOException
    {
        if (header.version() != DumpHeader.FLAGGED)
        {
            throw bad("more than one tab: expected KEY<TAB>VALUE");
        }
        final int end = readField(false);
        if (end == TOO_LONG || !fieldText().equals(DumpHeader.PATCHABLE))
        {
            throw bad("after the value: expected '" + DumpHeader.PATCHABLE + "' or the end of the line, found '" +
                Lines.excerpt(fieldText()) + "'");
        }
        patchable = true;
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
        if (readField(false) != EOF || field.size() > 0)
        {
            line++;
            throw bad("text after the '" + DumpHeader.END + "' line: '" + Lines.excerpt(fieldText()) + "'");
        }
    }

    /**
     * @return the current entry's key.
     */
    @Override
    public byte[] key()
    {
        return key;
    }

    /**
     * @return the current entry's value, valid until the next call to {@link #next}.
     */
    @Override
    public DirectBuffer value()
    {
        return value.view();
    }

    /**
     * @return whether the current entry is marked {@code patchable}.
     */
    @Override
    public boolean patchable()
    {
        return patchable;
    }

    /**
     * @return entries read so far.
     */
    @Override
    public long entries()
    {
        return entries;
    }

    /**
     * @param what what is wrong with the current line.
     * @return the error to throw, naming the input and line.
     */
    @Override
    public BadInputException bad(final String what)
    {
        return new BadInputException(source + " line " + line + ": " + what);
    }

    private byte[] decodeKey(final String text)
    {
        try
        {
            return header.format().decode(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw bad("key is not valid " + header.format() + ": " + ex.getMessage());
        }
    }

    /**
     * Reads into {@link #field} up to the end of the line (consumed, a {@code \r} before it dropped)
     * or, if {@code tabEnds}, up to a tab (consumed).
     *
     * @return what ended the field: {@link #NEWLINE}, {@link #TAB}, {@link #EOF}, or {@link #TOO_LONG}.
     */
    private int readField(final boolean tabEnds) throws IOException
    {
        field.reset();
        while (true)
        {
            final int b = in.read();
            if (b == EOF || in.endsLine(b))
            {
                return b == EOF ? EOF : NEWLINE;
            }
            if (tabEnds && b == TAB)
            {
                return b;
            }
            if (field.size() == FIELD_LIMIT)
            {
                return TOO_LONG;
            }
            field.write(b);
        }
    }

    private String fieldText()
    {
        try
        {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(field.toByteArray())).toString();
        }
        catch (final CharacterCodingException ex)
        {
            throw bad("not UTF-8 text");
        }
    }
}
