package io.pagekv.cli;

import io.pagekv.KeyTooLargeException;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.ValueTooLargeException;
import io.pagekv.WriteTxn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code pagekv load DIR [FILE]}: puts every entry of a dump into a store, in batched commits.
 *
 * <p>Bad input never changes the store. Into a new store (DIR missing or empty) the dump is
 * loaded as it is read, and the new store is removed if the dump turns out bad. Into an
 * existing store the whole dump is checked first (standard input is copied to a temporary
 * file for that), then loaded.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
        "Put the entries of a pagekv-dump into a store.",
        "Puts every entry of a pagekv-dump (see docs/cli.md) into the store, replacing entries with the same key, " +
        "in commits of --batch entries. The dump's header says its encoding.",
        "Reads FILE, or standard input if FILE is missing or '-'. Creates the store, with the dump's page size, " +
        "if DIR is missing or empty.",
        "A malformed, truncated or oversized entry stops the load before anything is written (exit 5). " +
        "Takes the writer lock; shows progress on a terminal.",
    },
    footerHeading = "%nExample:%n",
    footer = {"  pagekv load restored backup.dump", "  gunzip -c backup.dump.gz | pagekv load restored"})
final class LoadCommand extends Subcommand
{
    /** Value bytes after which a batch commits early, far below a transaction's limit. */
    private static final long BATCH_BYTES = 64L << 20;
    private static final String STDIN = "standard input";

    @Parameters(index = "0", paramLabel = "DIR", description = "The store directory.")
    private Path dir;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "The dump to read (default: standard input).")
    private Path file;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "10000",
        description = "Entries per commit (default: ${DEFAULT-VALUE}); a batch also commits after 64 MiB of values.")
    private int batch;

    @Override
    protected int execute() throws IOException
    {
        if (batch < 1)
        {
            throw usageError("--batch must be 1 or more, got " + batch);
        }
        final boolean fromStdin = file == null || file.toString().equals("-");
        final String source = fromStdin ? STDIN : file.toString();
        final StoreDirectory.Kind before = StoreDirectory.inspect(dir);
        final long started = System.nanoTime();
        final Loaded loaded = before == StoreDirectory.Kind.STORE ? loadIntoExisting(source, fromStdin) : loadIntoNew(before, source, fromStdin);
        final long nanos = System.nanoTime() - started;
        streams().out().write("loaded " + loaded.entries() + " entries into " + dir + " in " + loaded.commits() + " commits: " +
            Units.seconds(nanos) + ", " + Units.perSecond(loaded.entries(), nanos) + " entries/s\n");
        return ExitCodes.OK;
    }

    private Loaded loadIntoNew(final StoreDirectory.Kind before, final String source, final boolean fromStdin) throws IOException
    {
        try (InputStream in = fromStdin ? streams().in() : Files.newInputStream(file))
        {
            final DumpReader reader = new DumpReader(in, source);
            final StoreOptions options = options(reader.header(), source);
            boolean loaded = false;
            try (Store store = StoreDirectory.openOrCreate(dir, before, options))
            {
                final Loaded result = load(reader, store);
                loaded = true;
                return result;
            }
            finally
            {
                if (!loaded)
                {
                    StoreDirectory.removeCreated(dir, before);
                }
            }
        }
    }

    private Loaded loadIntoExisting(final String source, final boolean fromStdin) throws IOException
    {
        try (Store store = StoreDirectory.openExisting(dir))
        {
            final Path input = fromStdin ? Files.createTempFile("pagekv-load-", ".dump") : file;
            try
            {
                if (fromStdin)
                {
                    Files.copy(streams().in(), input, StandardCopyOption.REPLACE_EXISTING);
                }
                try (InputStream in = Files.newInputStream(input))
                {
                    check(new DumpReader(in, source), store);
                }
                try (InputStream in = Files.newInputStream(input))
                {
                    return load(new DumpReader(in, source), store);
                }
            }
            finally
            {
                if (fromStdin)
                {
                    Files.delete(input);
                }
            }
        }
    }

    private static StoreOptions options(final DumpHeader header, final String source)
    {
        try
        {
            return header.pageSize() == 0 ? StoreOptions.defaults() : StoreOptions.defaults().withPageSize(header.pageSize());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new BadInputException(source + " line 1: " + ex.getMessage());
        }
    }

    private void check(final DumpReader reader, final Store store) throws IOException
    {
        try (Progress progress = Progress.start(streams(), "checking", "entries", reader.header().entries()))
        {
            while (reader.next())
            {
                if (reader.key().length > store.maxKeySize())
                {
                    throw reader.bad(new KeyTooLargeException(reader.key().length, store.maxKeySize()).getMessage());
                }
                if (reader.value().length > store.maxValueSize())
                {
                    throw reader.bad(new ValueTooLargeException(reader.value().length, store.maxValueSize()).getMessage());
                }
                progress.update(reader.entries());
            }
        }
    }

    private Loaded load(final DumpReader reader, final Store store) throws IOException
    {
        long entries = 0;
        long commits = 0;
        try (Progress progress = Progress.start(streams(), "loading", "entries", reader.header().entries()))
        {
            boolean more = true;
            while (more)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    long inBatch = 0;
                    long bytes = 0;
                    while (inBatch < batch && bytes < BATCH_BYTES && (more = reader.next()))
                    {
                        put(txn, reader);
                        bytes += reader.value().length;
                        if ((++inBatch & 1023) == 0)
                        {
                            progress.update(entries + inBatch);
                        }
                    }
                    if (inBatch > 0)
                    {
                        txn.commit();
                        commits++;
                        entries += inBatch;
                        progress.update(entries);
                    }
                }
            }
        }
        return new Loaded(entries, commits);
    }

    private static void put(final WriteTxn txn, final DumpReader reader)
    {
        try
        {
            txn.put(reader.key(), reader.value());
        }
        catch (final KeyTooLargeException | ValueTooLargeException ex)
        {
            throw reader.bad(ex.getMessage());
        }
    }

    /**
     * What a load did.
     *
     * @param entries entries put.
     * @param commits commits made.
     */
    private record Loaded(long entries, long commits)
    {
    }
}
