package io.pagekv.cli;

import io.pagekv.StoreOptions;
import org.agrona.DirectBuffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the text that LMDB's {@code mdb_dump} writes, so that {@code pagekv load --format
 * mdb-dump} moves an LMDB database with the tools LMDB users have:
 *
 * <pre>
 * VERSION=3
 * format=bytevalue          (or print, with mdb_dump -p)
 * type=btree
 * db_pagesize=4096
 * HEADER=END
 *  757365723a31             one line per key, one per value, each after one space
 *  416461
 * DATA=END
 * </pre>
 *
 * Keys and values are hex ({@code bytevalue}) or printable bytes with {@code \\} and
 * {@code \HH} escapes ({@code print}); values stream through a {@link ValueDecoder} as in
 * {@link DumpReader}. One database per dump: a {@code DUPSORT} database ({@code duplicates=1})
 * and a dump of several ({@code mdb_dump -a}) are refused, since pagekv keys are unique and
 * live in one key space.
 *
 * <p>Not thread-safe.
 */
final class MdbDumpReader implements EntrySource
{
    private static final int LINE_LIMIT = 1 << 16;
    private static final String HEADER_END = "HEADER=END";
    private static final String DATA_END = "DATA=END";

    private final ByteInput in;
    private final String source;
    private final ValueSink keySink = new ValueSink(LINE_LIMIT);
    private final ValueSink value;
    private final ValueDecoder keyDecoder;
    private final ValueDecoder valueDecoder;
    private final DumpHeader header;
    private long line;
    private long entries;
    private byte[] key;
    private boolean ended;

    /**
     * Reads the header, up to {@code HEADER=END}.
     *
     * @param in            the dump; not closed here.
     * @param source        its name for messages.
     * @param maxValueBytes the largest value taken.
     * @throws BadInputException if the header is not one of {@code mdb_dump}'s version 3.
     * @throws IOException       if reading fails.
     */
    MdbDumpReader(final InputStream in, final String source, final long maxValueBytes) throws IOException
    {
        this.in = new ByteInput(in);
        this.source = source;
        this.value = new ValueSink(maxValueBytes);
        boolean print = false;
        int pageSize = 0;
        for (String text = headerLine(); !text.equals(HEADER_END); text = headerLine())
        {
            final int eq = text.indexOf('=');
            final String name = eq < 0 ? text : text.substring(0, eq);
            final String field = eq < 0 ? "" : text.substring(eq + 1);
            switch (name)
            {
                case "VERSION":
                    if (!field.equals("3"))
                    {
                        throw bad("VERSION=" + Lines.excerpt(field) + ": this pagekv reads mdb_dump's version 3");
                    }
                    break;
                case "format":
                    if (!field.equals("print") && !field.equals("bytevalue"))
                    {
                        throw bad("format=" + Lines.excerpt(field) + ": expected bytevalue or print");
                    }
                    print = field.equals("print");
                    break;
                case "duplicates":
                    throw bad("a DUPSORT database (duplicates=1) holds several values per key; pagekv keys are unique");
                case "db_pagesize":
                    pageSize = pageSize(field);
                    break;
                default:
                    if (line == 1)
                    {
                        throw bad("not an mdb_dump: expected 'VERSION=3', found '" + Lines.excerpt(text) + "'");
                    }
                    break;
            }
        }
        this.header = new DumpHeader(DumpHeader.PLAIN, KeyFormat.TEXT, pageSize, -1);
        this.keyDecoder = print ? new MdbPrintDecoder(keySink) : new HexDecoder(keySink);
        this.valueDecoder = print ? new MdbPrintDecoder(value) : new HexDecoder(value);
    }

    @Override
    public DumpHeader header()
    {
        return header;
    }

    @Override
    public boolean next() throws IOException
    {
        if (ended)
        {
            return false;
        }
        line++;
        final int first = in.read();
        if (first == ' ')
        {
            readData("key", keyDecoder, keySink);
            key = new byte[keySink.length()];
            keySink.view().getBytes(0, key);
            if (key.length == 0)
            {
                throw bad("the key is empty: keys are 1 byte or more");
            }
            line++;
            if (in.read() != ' ')
            {
                throw bad("expected the value of the key on line " + (line - 1) + ", as a line starting with a space");
            }
            readData("value", valueDecoder, value);
            entries++;
            return true;
        }
        if (first == ByteInput.EOF)
        {
            throw bad("the dump stops after " + entries + " entries without its '" + DATA_END + "' line: it is truncated");
        }
        final String text = restOfLine(first);
        if (!text.equals(DATA_END))
        {
            throw bad("expected a line starting with a space or '" + DATA_END + "', found '" + Lines.excerpt(text) + "'");
        }
        ended = true;
        final int after = in.read();
        if (after != ByteInput.EOF)
        {
            line++;
            final String rest = restOfLine(after);
            throw bad(rest.startsWith("VERSION=") ?
                "a second database follows (mdb_dump -a): load one database at a time, dumped with mdb_dump -s NAME" :
                "text after the '" + DATA_END + "' line: '" + Lines.excerpt(rest) + "'");
        }
        return false;
    }

    @Override
    public byte[] key()
    {
        return key;
    }

    @Override
    public DirectBuffer value()
    {
        return value.view();
    }

    /**
     * @return false: LMDB has no patchable values.
     */
    @Override
    public boolean patchable()
    {
        return false;
    }

    @Override
    public long entries()
    {
        return entries;
    }

    @Override
    public BadInputException bad(final String what)
    {
        return new BadInputException(source + " line " + line + ": " + what);
    }

    private void readData(final String what, final ValueDecoder decoder, final ValueSink sink) throws IOException
    {
        sink.clear();
        try
        {
            decoder.start();
            for (int b = in.read(); b != ByteInput.EOF && !in.endsLine(b); b = in.read())
            {
                decoder.accept(b);
            }
            decoder.finish();
        }
        catch (final IllegalArgumentException ex)
        {
            throw bad(what + " is not valid: " + ex.getMessage());
        }
        catch (final ValueSink.Overflow ex)
        {
            throw bad(what.equals("key") ? "the key is longer than " + LINE_LIMIT + " bytes" : ex.getMessage());
        }
    }

    private String headerLine() throws IOException
    {
        line++;
        final int first = in.read();
        if (first == ByteInput.EOF)
        {
            throw line == 1 ? new BadInputException(source + " is empty: not an mdb_dump") :
                bad("the header stops without its '" + HEADER_END + "' line: the dump is truncated");
        }
        return restOfLine(first);
    }

    private String restOfLine(final int first) throws IOException
    {
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (int b = first; b != ByteInput.EOF && !in.endsLine(b); b = in.read())
        {
            if (text.size() == LINE_LIMIT)
            {
                throw bad("a line longer than " + LINE_LIMIT + " bytes where a header or end line belongs");
            }
            text.write(b);
        }
        return text.toString(StandardCharsets.ISO_8859_1);
    }

    private int pageSize(final String field)
    {
        try
        {
            final int pageSize = Integer.parseInt(field);
            StoreOptions.defaults().withPageSize(pageSize);
            return pageSize;
        }
        catch (final IllegalArgumentException ex)
        {
            // LMDB's page size follows the OS (possibly 16 or 64 KiB, or odd ones pagekv does not make): use pagekv's default.
            return 0;
        }
    }
}
