package io.pagekv.cli;

import io.pagekv.Cursor;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.WriteTxn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code pagekv bench DIR}: a quick read and write figure for this machine and file system, with
 * the workload names of the {@code bench} module's JMH benchmarks (as {@code bbolt bench}).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
        "Measure reads and writes on this machine, quickly.",
        "Creates a store in DIR (missing or empty), then runs the workloads of the bench module, once each: " +
        "writeBatch (N puts in commits of 10,000), readRandom (N gets in random order), readSeq (one ordered scan) and " +
        "writeSync (up to 1,000 commits of one put, each forced to disk). Removes the store unless --keep.",
        "A figure from one run, not a benchmark: bench/run.sh measures with JMH, warm-up and repetitions.",
    },
    footerHeading = "%nExample:%n",
    footer = {"  pagekv bench /var/lib/app/bench-scratch", "  pagekv bench /tmp/b --count 1000000 --value-size 1024"})
final class BenchCommand extends Subcommand
{
    private static final int BATCH = 10_000;
    private static final int SYNC_COMMITS = 1_000;

    @Parameters(index = "0", paramLabel = "DIR", description = "Where to create the scratch store (missing or empty).")
    private Path dir;

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "100000", description = "Entries (default: ${DEFAULT-VALUE}).")
    private int count;

    @Option(names = "--value-size", paramLabel = "BYTES", defaultValue = "100", description = "Bytes per value (default: ${DEFAULT-VALUE}).")
    private int valueSize;

    @Option(names = "--keep", description = "Keep the store afterwards.")
    private boolean keep;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    /**
     * One workload's figure.
     *
     * @param workload its name in the bench module.
     * @param ops      operations done.
     * @param unit     what an operation is, per second.
     * @param nanos    how long they took.
     */
    private record Figure(String workload, long ops, String unit, long nanos)
    {
        long perSecond()
        {
            return nanos <= 0 ? 0 : Math.round(ops * 1e9 / nanos);
        }
    }

    @Override
    protected int execute() throws IOException
    {
        if (count < 1 || valueSize < 0 || valueSize > Store.MAX_VALUE_SIZE)
        {
            throw usageError("--count must be 1 or more and --value-size 0 to " + Store.MAX_VALUE_SIZE);
        }
        final StoreDirectory.Kind before = StoreDirectory.inspect(dir);
        if (before == StoreDirectory.Kind.STORE)
        {
            throw usageError("bench needs a missing or empty directory; " + dir + " holds a store");
        }
        final List<Figure> figures = new ArrayList<>();
        try (Store store = Store.open(dir))
        {
            figures.add(writeBatch(store));
            try (Snapshot snapshot = store.snapshot())
            {
                figures.add(readRandom(snapshot));
                figures.add(readSeq(snapshot));
            }
            figures.add(writeSync(store));
        }
        finally
        {
            if (!keep)
            {
                StoreDirectory.removeCreated(dir, before);
            }
        }
        streams().out().write(json ? json(figures) : text(figures));
        return ExitCodes.OK;
    }

    private Figure writeBatch(final Store store)
    {
        final byte[] value = new byte[valueSize];
        new Random(1).nextBytes(value);
        final long started = System.nanoTime();
        try (Progress progress = Progress.start(streams(), "writeBatch", "entries", count))
        {
            for (int first = 0; first < count; first += BATCH)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    for (int i = first; i < Math.min(count, first + BATCH); i++)
                    {
                        txn.put(key(i), value);
                    }
                    txn.commit();
                }
                progress.update(Math.min(count, first + BATCH));
            }
        }
        return new Figure("writeBatch", count, "entries/s", System.nanoTime() - started);
    }

    private Figure readRandom(final Snapshot snapshot)
    {
        final Random random = new Random(2);
        long found = 0;
        final long started = System.nanoTime();
        for (int i = 0; i < count; i++)
        {
            if (snapshot.view(key(random.nextInt(count))) != null)
            {
                found++;
            }
        }
        return new Figure("readRandom", found, "gets/s", System.nanoTime() - started);
    }

    private static Figure readSeq(final Snapshot snapshot)
    {
        long entries = 0;
        final long started = System.nanoTime();
        try (Cursor cursor = snapshot.range(null, null))
        {
            while (cursor.next())
            {
                // Wrapping the value is part of reading an entry, as in the bench module's readSeq.
                cursor.value();
                entries++;
            }
        }
        return new Figure("readSeq", entries, "entries/s", System.nanoTime() - started);
    }

    private Figure writeSync(final Store store)
    {
        final byte[] value = new byte[valueSize];
        final int commits = Math.min(SYNC_COMMITS, count);
        final long started = System.nanoTime();
        for (int i = 0; i < commits; i++)
        {
            store.put(key(count + i), value);
        }
        return new Figure("writeSync", commits, "commits/s", System.nanoTime() - started);
    }

    private static byte[] key(final int i)
    {
        return ByteBuffer.allocate(Integer.BYTES).putInt(i).array();
    }

    private String text(final List<Figure> figures)
    {
        final StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "bench of %s: %s entries of %s values%n",
            dir, Units.count(count), Units.bytes(valueSize)));
        for (final Figure figure : figures)
        {
            text.append(String.format(Locale.ROOT, "  %-11s %12s %-10s %10s ops in %s%n", figure.workload(),
                Units.count(figure.perSecond()), figure.unit(), Units.count(figure.ops()), Units.seconds(figure.nanos())));
        }
        return text.toString();
    }

    private String json(final List<Figure> figures)
    {
        return JsonStyle.document(json ->
        {
            json.writeStartObject();
            json.writeStringProperty("dir", dir.toString());
            json.writeNumberProperty("entries", count);
            json.writeNumberProperty("valueSize", valueSize);
            json.writeArrayPropertyStart("workloads");
            for (final Figure figure : figures)
            {
                json.writeStartObject();
                json.writeStringProperty("workload", figure.workload());
                json.writeNumberProperty("ops", figure.ops());
                json.writeNumberProperty("nanos", figure.nanos());
                json.writeNumberProperty("perSecond", figure.perSecond());
                json.writeStringProperty("unit", figure.unit());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }
}
