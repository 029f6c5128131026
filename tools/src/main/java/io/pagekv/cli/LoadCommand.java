package io.pagekv.cli;

import io.pagekv.Cursor;
import io.pagekv.KeyTooLargeException;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.ValueTooLargeException;
import io.pagekv.WriteTxn;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code pagekv load DIR [FILE]}: puts every entry of a dump into a store, in batched commits.
 *
 * <p>Bad input never changes the store. Into a new store (DIR missing or empty) the dump is
 * loaded as it is read, and the new store is removed if the dump turns out bad. Into an
 * existing store the whole dump is checked first (standard input is copied to an unlinked,
 * owner-only temporary file for that, see {@link Spool}), then loaded. Ctrl-C or SIGTERM stops
 * the load between two entries; what was committed is reported with the command that resumes.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
        "Put the entries of a pagekv-dump into a store.",
        "Puts every entry of a pagekv-dump (see docs/cli.md) into the store, replacing entries with the same key, " +
        "in commits of --batch entries. The dump's header says its encoding. An entry marked patchable " +
        "(a version 2 dump) is put patchable, so that patch and counter work on it as before the dump.",
        "Reads FILE, or standard input if FILE is missing or '-'. Creates the store, with the dump's page size, " +
        "if DIR is missing or empty.",
        "A malformed, truncated or oversized entry stops the load before anything is written (exit 5). " +
        "Ctrl-C stops it between two entries: it says what was committed and how to resume (exit 130). " +
        "Takes the writer lock; shows progress on a terminal.",
    },
    footerHeading = "%nExample:%n",
    footer = {
        "  pagekv load restored backup.dump",
        "  gunzip -c backup.dump.gz | pagekv load restored",
        "  pagekv load restored backup.dump --skip 30000   # resume",
    })
final class LoadCommand extends Subcommand
{
    /** Value bytes after which a batch commits early, far below a transaction's limit. */
    private static final long BATCH_BYTES = 64L << 20;
    private static final String STDIN = "standard input";
    private static final String PAGEKV_DUMP = "pagekv-dump";
    private static final String MDB_DUMP = "mdb-dump";

    @Parameters(index = "0", paramLabel = "DIR", description = "The store directory.")
    private Path dir;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "The dump to read (default: standard input).")
    private Path file;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "10000",
        description = "Entries per commit (default: ${DEFAULT-VALUE}); a batch also commits after 64 MiB of values.")
    private int batch;

    @Option(names = "--skip", paramLabel = "N", defaultValue = "0",
        description = "Check but do not put the first N entries of the dump: resumes an interrupted load.")
    private long skip;

    @Option(names = {"-n", "--no-overwrite"}, description = "Keep entries the store already holds; put only new keys.")
    private boolean noOverwrite;

    @Option(names = "--clear", description = "Replace everything: delete every entry and load the dump, in one transaction.")
    private boolean clear;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "pagekv-dump",
        description = "What FILE holds: pagekv-dump (default) or mdb-dump, the text of LMDB's mdb_dump (bytevalue or -p print).")
    private String inputFormat;

    @Mixin
    private LockWaitOption lockWait;

    @Override
    protected int execute() throws IOException
    {
        checkOptions();
        final boolean fromStdin = file == null || file.toString().equals("-");
        final String source = fromStdin ? STDIN : file.toString();
        final StoreDirectory.Kind before = StoreDirectory.inspect(dir);
        final long started = System.nanoTime();
        final LoadPosition state = new LoadPosition(dir, fromStdin ? null : file);
        final Loaded loaded;
        try (Interruption interruption = Interruption.watch(streams().err(), state::report))
        {
            final Loader loader = new Loader(state, interruption);
            loaded = before == StoreDirectory.Kind.STORE ? loadIntoExisting(loader, source, fromStdin) :
                loadIntoNew(loader, before, source, fromStdin);
        }
        final long nanos = System.nanoTime() - started;
        final StringBuilder line = new StringBuilder("loaded ").append(loaded.entries()).append(" entries into ").append(dir)
            .append(" in ").append(loaded.commits()).append(loaded.commits() == 1 ? " commit: " : " commits: ")
            .append(Units.seconds(nanos)).append(", ").append(Units.perSecond(loaded.entries(), nanos)).append(" entries/s");
        if (noOverwrite)
        {
            line.append("; kept ").append(loaded.kept()).append(" existing entries");
        }
        if (clear)
        {
            line.append("; deleted the ").append(loaded.deleted()).append(" entries it held before");
        }
        streams().out().write(line.append('\n').toString());
        return ExitCodes.OK;
    }

    private void checkOptions()
    {
        if (batch < 1)
        {
            throw usageError("--batch must be 1 or more, got " + batch);
        }
        if (skip < 0)
        {
            throw usageError("--skip must be 0 or more, got " + skip);
        }
        if (clear && (noOverwrite || skip > 0))
        {
            throw usageError("--clear replaces everything: it excludes --no-overwrite and --skip");
        }
        if (!inputFormat.equals(PAGEKV_DUMP) && !inputFormat.equals(MDB_DUMP))
        {
            throw usageError("unknown --format '" + inputFormat + "': use " + PAGEKV_DUMP + " or " + MDB_DUMP);
        }
    }

    private Loaded loadIntoNew(final Loader loader, final StoreDirectory.Kind before, final String source, final boolean fromStdin)
        throws IOException
    {
        try (InputStream in = fromStdin ? NamedStreams.input(streams().in(), STDIN) : open(file))
        {
            final EntrySource reader = reader(in, source, Store.MAX_VALUE_SIZE);
            final DumpHeader header = reader.header();
            final StoreOptions options = header.pageSize() == 0 ? StoreOptions.defaults() : StoreOptions.defaults().withPageSize(header.pageSize());
            boolean loaded = false;
            try (Store store = lockWait.open(() -> StoreDirectory.openOrCreate(dir, before, options)))
            {
                final Loaded result = loader.load(reader, store);
                loaded = true;
                return result;
            }
            finally
            {
                if (!loaded && !loader.interruption.requested())
                {
                    StoreDirectory.removeCreated(dir, before);
                }
            }
        }
    }

    private Loaded loadIntoExisting(final Loader loader, final String source, final boolean fromStdin) throws IOException
    {
        try (Store store = lockWait.open(() -> StoreDirectory.openExisting(dir)))
        {
            if (!fromStdin)
            {
                try (InputStream in = open(file))
                {
                    loader.check(reader(in, source, store.maxValueSize()), store);
                }
                try (InputStream in = open(file))
                {
                    return loader.load(reader(in, source, store.maxValueSize()), store);
                }
            }
            try (FileChannel spool = Spool.of(NamedStreams.input(streams().in(), STDIN), STDIN))
            {
                // Not closed: closing the stream would close the channel, and with it the copy.
                loader.check(reader(Channels.newInputStream(spool), source, store.maxValueSize()), store);
                spool.position(0);
                return loader.load(reader(Channels.newInputStream(spool), source, store.maxValueSize()), store);
            }
        }
    }

    private EntrySource reader(final InputStream in, final String source, final long maxValueBytes) throws IOException
    {
        return inputFormat.equals(MDB_DUMP) ? new MdbDumpReader(in, source, maxValueBytes) : new DumpReader(in, source, maxValueBytes);
    }

    private static InputStream open(final Path path) throws IOException
    {
        if (Files.isDirectory(path))
        {
            throw new IOException(path + ": is a directory, not a dump");
        }
        return NamedStreams.input(Files.newInputStream(path), path.toString());
    }

    /** Runs the check and the load passes, stopping between two entries when interrupted. */
    private final class Loader
    {
        private final LoadPosition state;
        private final Interruption interruption;

        Loader(final LoadPosition state, final Interruption interruption)
        {
            this.state = state;
            this.interruption = interruption;
        }

        void check(final EntrySource reader, final Store store) throws IOException
        {
            try (Progress progress = Progress.start(streams(), "checking", "entries", reader.header().entries()))
            {
                while (next(reader))
                {
                    if (reader.key().length > store.maxKeySize())
                    {
                        throw reader.bad(new KeyTooLargeException(reader.key().length, store.maxKeySize()).getMessage());
                    }
                    progress.update(reader.entries());
                }
            }
        }

        Loaded load(final EntrySource reader, final Store store) throws IOException
        {
            state.loading(reader.header().format());
            final long perCommit = clear ? Long.MAX_VALUE : batch;
            final long bytesPerCommit = clear ? Long.MAX_VALUE : BATCH_BYTES;
            long put = 0;
            long kept = 0;
            long deleted = 0;
            long commits = 0;
            try (Progress progress = Progress.start(streams(), "loading", "entries", reader.header().entries()))
            {
                boolean more = true;
                while (more)
                {
                    try (WriteTxn txn = store.beginWrite())
                    {
                        if (clear)
                        {
                            deleted = deleteAll(store, txn);
                        }
                        long inBatch = 0;
                        long bytes = 0;
                        byte[] lastKey = null;
                        while (inBatch < perCommit && bytes < bytesPerCommit && (more = next(reader)))
                        {
                            if (reader.entries() <= skip)
                            {
                                continue;
                            }
                            if (noOverwrite && txn.get(reader.key()) != null)
                            {
                                kept++;
                                continue;
                            }
                            put(txn, reader);
                            lastKey = reader.key();
                            bytes += reader.value().capacity();
                            if ((++inBatch & 1023) == 0)
                            {
                                progress.update(reader.entries());
                            }
                        }
                        if (interruption.requested())
                        {
                            interruption.stopped();
                        }
                        if (inBatch > 0 || clear)
                        {
                            synchronized (interruption)
                            {
                                txn.commit();
                                state.committed(reader.entries(), txn.txnId(), lastKey);
                            }
                            commits++;
                            put += inBatch;
                            progress.update(reader.entries());
                        }
                    }
                }
            }
            return new Loaded(put, commits, kept, deleted);
        }

        private boolean next(final EntrySource reader) throws IOException
        {
            if (interruption.requested())
            {
                interruption.stopped();
            }
            try
            {
                return reader.next();
            }
            catch (final IOException | RuntimeException ex)
            {
                // Ctrl-C on "cat dump | pagekv load" ends cat too: the dump then looks truncated.
                if (interruption.requested())
                {
                    interruption.stopped();
                }
                throw ex;
            }
        }

        private long deleteAll(final Store store, final WriteTxn txn)
        {
            long deleted = 0;
            try (Snapshot snapshot = store.snapshot(); Cursor cursor = snapshot.range(null, null))
            {
                while (cursor.next())
                {
                    txn.delete(cursor.keyBytes());
                    deleted++;
                }
            }
            return deleted;
        }

        private void put(final WriteTxn txn, final EntrySource reader)
        {
            try
            {
                if (reader.patchable())
                {
                    final DirectBuffer value = reader.value();
                    final byte[] bytes = new byte[value.capacity()];
                    value.getBytes(0, bytes);
                    txn.putPatchable(reader.key(), bytes);
                }
                else
                {
                    txn.put(new UnsafeBuffer(reader.key()), reader.value());
                }
            }
            catch (final KeyTooLargeException | ValueTooLargeException ex)
            {
                throw reader.bad(ex.getMessage());
            }
        }
    }

    /**
     * What a load did.
     *
     * @param entries entries put.
     * @param commits commits made.
     * @param kept    entries of the dump not put because the store held their key ({@code --no-overwrite}).
     * @param deleted entries deleted first ({@code --clear}).
     */
    private record Loaded(long entries, long commits, long kept, long deleted)
    {
    }
}
