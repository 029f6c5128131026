package io.pagekv.cli;

import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes the {@code pagekv-dump} text format: the {@link DumpHeader header line}, one line per
 * entry ({@code KEY<TAB>VALUE}, both in the header's encoding, then {@code <TAB>patchable} for a
 * patchable value in a version 2 dump), and the last line {@code end COUNT}. Lines end with a
 * single {@code \n}. The same entries in the same encoding always give the same bytes.
 *
 * <p>Not thread-safe.
 */
final class DumpWriter implements EntryWriter
{
    private final Writer out;
    private final boolean flagged;
    private final KeyFormat format;
    private final ValueStream values;
    private long entries;

    /**
     * Writes the header.
     *
     * @param out    where the dump goes; not closed here.
     * @param header the header.
     * @param values writes values of any size in pieces.
     * @throws IOException if writing fails.
     */
    DumpWriter(final Writer out, final DumpHeader header, final ValueStream values) throws IOException
    {
        this.out = out;
        this.format = header.format();
        this.flagged = header.version() == DumpHeader.FLAGGED;
        this.values = values;
        out.write(header.line());
        out.write('\n');
    }

    /**
     * @param key       the key.
     * @param value     the value, for example a zero-copy view of the mapped pages.
     * @param patchable whether it was put patchable: only in a version 2 dump.
     * @throws IOException if writing fails.
     */
    @Override
    public void entry(final byte[] key, final DirectBuffer value, final boolean patchable) throws IOException
    {
        if (patchable && !flagged)
        {
            throw new IllegalStateException("a patchable value in a version " + DumpHeader.PLAIN + " dump");
        }
        out.write(format.encode(key));
        out.write('\t');
        values.encoded(value, format, out);
        if (patchable)
        {
            out.write('\t');
            out.write(DumpHeader.PATCHABLE);
        }
        out.write('\n');
        entries++;
    }

    /**
     * Writes the {@code end} line and flushes.
     *
     * @return the number of entries written.
     * @throws IOException if writing fails.
     */
    @Override
    public long finish() throws IOException
    {
        out.write(DumpHeader.END + " " + entries + "\n");
        out.flush();
        return entries;
    }
}
