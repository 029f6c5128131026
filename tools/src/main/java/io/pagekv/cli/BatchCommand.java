package io.pagekv.cli;

import io.pagekv.KeyTooLargeException;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.ValueTooLargeException;
import io.pagekv.WriteTxn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code pagekv batch DIR [FILE]}: many put, delete and get operations in one process and one
 * transaction (or one per N writes), read one per line.
 */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    description = {
        "Run many put, delete and get operations in one process and one transaction.",
        "Reads one operation per line from FILE or standard input: 'put KEY VALUE', 'delete KEY' or 'get KEY', " +
        "the key and the value separated by one space, or by a tab when the key holds a space. Keys and values are encoded with --format. " +
        "Blank lines and lines starting with # are skipped.",
        "All writes commit together at the end, or every N writes with --commit-every N. get sees the writes before it " +
        "and prints the value on its own line. A bad line stops the batch before its transaction commits (exit 5); " +
        "a get or delete of a missing key is reported and the batch goes on (exit 1 at the end).",
        "Creates the store if DIR is missing or empty. Takes the writer lock: exits 4 if another process holds it, unless --wait.",
    },
    footerHeading = "%nExample:%n",
    footer = {
        "  pagekv batch data operations.txt --commit-every 10000",
        "  printf 'put user:1 Ada\\nget user:1\\ndelete user:0\\n' | pagekv batch data",
    })
final class BatchCommand extends Subcommand
{
    private static final String STDIN = "standard input";

    @Parameters(index = "0", paramLabel = "DIR", description = "The store directory.")
    private Path dir;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "The operations (default: standard input).")
    private Path file;

    @Option(names = "--commit-every", paramLabel = "N", defaultValue = "0",
        description = "Commit after every N writes (default: one transaction for the whole batch).")
    private long every;

    @Mixin
    private EncodingOption encoding;

    @Mixin
    private InputEncodingOption input;

    @Mixin
    private LockWaitOption lockWait;

    private String source;
    private long line;
    private int missing;

    @Override
    protected int execute() throws IOException
    {
        if (every < 0)
        {
            throw usageError("--commit-every must be 0 or more, got " + every);
        }
        final boolean fromStdin = file == null || file.toString().equals("-");
        source = fromStdin ? STDIN : file.toString();
        final StoreDirectory.Kind before = StoreDirectory.inspect(dir);
        boolean done = false;
        try (InputStream in = fromStdin ? NamedStreams.input(streams().in(), STDIN) : NamedStreams.input(Files.newInputStream(file), source);
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
             Store store = lockWait.open(() -> StoreDirectory.openOrCreate(dir, before, StoreOptions.defaults())))
        {
            run(lines, store);
            done = true;
        }
        finally
        {
            if (!done)
            {
                StoreDirectory.removeCreated(dir, before);
            }
        }
        return missing > 0 ? ExitCodes.NOT_FOUND : ExitCodes.OK;
    }

    private void run(final BufferedReader lines, final Store store) throws IOException
    {
        WriteTxn txn = store.beginWrite();
        try
        {
            long writes = 0;
            for (String text = lines.readLine(); text != null; text = lines.readLine())
            {
                line++;
                if (text.isBlank() || text.startsWith("#"))
                {
                    continue;
                }
                if (apply(txn, text) && every > 0 && ++writes % every == 0)
                {
                    txn.commit();
                    txn.close();
                    txn = store.beginWrite();
                }
            }
            txn.commit();
        }
        finally
        {
            txn.close();
        }
    }

    /**
     * @return whether the operation wrote.
     */
    private boolean apply(final WriteTxn txn, final String text) throws IOException
    {
        final String[] fields = fields(text);
        final KeyFormat format = input.or(encoding.format());
        switch (fields[0])
        {
            case "put":
                require(fields, 3, "put KEY VALUE");
                put(txn, decode(format, "key", fields[1]), decode(format, "value", fields[2]));
                return true;
            case "delete":
                require(fields, 2, "delete KEY");
                final byte[] gone = decode(format, "key", fields[1]);
                if (!txn.delete(gone))
                {
                    notFound(format, gone);
                }
                return true;
            case "get":
                require(fields, 2, "get KEY");
                final byte[] key = decode(format, "key", fields[1]);
                final byte[] value = txn.get(key);
                if (value == null)
                {
                    notFound(format, key);
                }
                else
                {
                    streams().out().write(encoding.format().encode(value));
                    streams().out().write('\n');
                }
                return false;
            default:
                throw bad("unknown operation '" + Lines.excerpt(fields[0]) + "': put, delete or get");
        }
    }

    /**
     * The operation ends at the first space or tab; then key and value are split at a tab when
     * there is one, else at the first space (a text value may hold spaces, a key then needs tabs).
     */
    private static String[] fields(final String text)
    {
        final String line = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        int end = 0;
        while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != '\t')
        {
            end++;
        }
        if (end == line.length())
        {
            return new String[]{line};
        }
        final String rest = line.substring(end + 1);
        final String[] operands = rest.indexOf('\t') >= 0 ? rest.split("\t", -1) : rest.split(" ", 2);
        final String[] fields = new String[operands.length + 1];
        fields[0] = line.substring(0, end);
        System.arraycopy(operands, 0, fields, 1, operands.length);
        return fields;
    }

    private void require(final String[] fields, final int count, final String form)
    {
        if (fields.length != count)
        {
            throw bad("expected '" + form + "'");
        }
    }

    private byte[] decode(final KeyFormat format, final String what, final String text)
    {
        try
        {
            return format.decode(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw bad(what + " is not valid " + format + ": " + ex.getMessage());
        }
    }

    private void put(final WriteTxn txn, final byte[] key, final byte[] value)
    {
        try
        {
            txn.put(key, value);
        }
        catch (final KeyTooLargeException | ValueTooLargeException ex)
        {
            throw bad(ex.getMessage());
        }
    }

    private void notFound(final KeyFormat format, final byte[] key) throws IOException
    {
        missing++;
        streams().flush();
        streams().err().println("pagekv: " + source + " line " + line + ": key '" + format.encode(key) + "' not found in " + dir);
    }

    private BadInputException bad(final String what)
    {
        return new BadInputException(source + " line " + line + ": " + what + "; nothing of this transaction was written");
    }
}
