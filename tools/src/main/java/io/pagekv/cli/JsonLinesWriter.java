package io.pagekv.cli;

import org.agrona.DirectBuffer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.exc.JacksonIOException;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes entries as JSON Lines, one {@code {"key":...,"value":...}} object per line (or
 * {@code {"key":...}} for keys alone) in the {@link KeyFormat#JSON} encoding, with
 * {@code "patchable":true} after the value of a value put patchable, and nothing before or
 * after: what {@code dump --json}, {@code scan --json} and {@code get --json} print.
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

    /**
     * @param key       the key.
     * @param value     the value, or null to write the key alone.
     * @param patchable whether the value was put patchable.
     * @throws IOException if writing fails.
     */
    @Override
    public void entry(final byte[] key, final DirectBuffer value, final boolean patchable) throws IOException
    {
        try (JsonGenerator line = JsonStyle.line(out))
        {
            line.writeStartObject();
            line.writeName("key");
            JsonBytes.write(line, key);
            if (value != null)
            {
                line.writeName("value");
                values.json(value, line);
                if (patchable)
                {
                    line.writeName(DumpHeader.PATCHABLE);
                    line.writeBoolean(true);
                }
            }
            line.writeEndObject();
        }
        catch (final JacksonIOException ex)
        {
            throw ex.getCause();
        }
        out.write('\n');
        entries++;
    }

    @Override
    public long finish() throws IOException
    {
        out.flush();
        return entries;
    }
}
