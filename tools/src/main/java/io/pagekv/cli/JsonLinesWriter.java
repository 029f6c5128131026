package io.pagekv.cli;

import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes entries as JSON Lines, one {@code {"key":...,"value":...}} object per line in the
 * {@link KeyFormat#JSON} encoding, with nothing before or after: what {@code dump --json} and
 * {@code scan --format json} print.
 *
 * <p>Not thread-safe.
 */
final class JsonLinesWriter implements EntryWriter
{
    private final Writer out;
    private final ValueStream values;
    private long entries;

    /**
     * @param out    where the lines go; not closed here.
     * @param values writes values of any size in pieces.
     */
    JsonLinesWriter(final Writer out, final ValueStream values)
    {
        this.out = out;
        this.values = values;
    }

    @Override
    public void entry(final byte[] key, final DirectBuffer value) throws IOException
    {
        out.write("{\"key\":");
        out.write(KeyFormat.JSON.encode(key));
        out.write(",\"value\":");
        values.encoded(value, KeyFormat.JSON, out);
        out.write("}\n");
        entries++;
    }

    @Override
    public long finish() throws IOException
    {
        out.flush();
        return entries;
    }
}
