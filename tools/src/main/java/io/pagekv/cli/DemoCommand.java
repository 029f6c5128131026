package io.pagekv.cli;

import io.pagekv.Cursor;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * {@code pagekv demo [DIR]}: builds a sample store, reads and scans it, shows info and verify,
 * and says what to try next. The README's first command.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "Build a sample store, time reads and scans, and show what to try next.",
        "Creates a store (in a new temporary directory unless DIR is given), loads a sample of " +
        DemoData.USERS + " users, " + DemoData.ORDERS + " orders, " + DemoData.SESSIONS + " sessions under binary keys " +
        "and three large values, times random reads and scans, shows info and verify, and suggests commands to try on it.",
        "DIR must be missing or empty. The store is kept.",
    },
    footerHeading = "%nExample:%n",
    footer = {"  pagekv demo", "  pagekv demo /tmp/sample", "  pagekv scan /tmp/sample --prefix user:0000 --limit 3"})
final class DemoCommand extends Subcommand
{
    private static final int READS = 100_000;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Where to create the store (default: a new temporary directory).")
    private Path dir;

    @Override
    protected int execute() throws IOException
    {
        final Path target = dir != null ? dir : Files.createTempDirectory("pagekv-demo-");
        final StoreDirectory.Kind kind = StoreDirectory.inspect(target);
        if (kind == StoreDirectory.Kind.STORE)
        {
            throw usageError("demo needs a missing or empty directory; " + target + " already holds a store");
        }
        final Writer out = streams().out();
        out.write("pagekv demo: building a sample store in " + target + "\n\n");
        out.flush();
        try (Store store = Store.open(target))
        {
            load(store, out);
            try (Snapshot snapshot = store.snapshot())
            {
                read(snapshot, out);
                scan(snapshot, out);
            }
        }
        try (Store store = Store.openReadOnly(target))
        {
            final InfoReport info = InfoReport.gather(store, streams());
            out.write("\ninfo (pagekv info)\n" + indent(info.text()));
            final StoreCheck check = StoreCheck.run(store, streams());
            out.write("\nverify (pagekv verify)\n" + indent(VerifySummary.text(target, check)));
        }
        nextSteps(out, target);
        return ExitCodes.OK;
    }

    private void load(final Store store, final Writer out) throws IOException
    {
        final long started = System.nanoTime();
        final DemoData.Written written;
        try (Progress progress = Progress.start(streams(), "loading", "entries", 0))
        {
            written = DemoData.write(store, progress);
        }
        final long nanos = System.nanoTime() - started;
        out.write(String.format("load     %s entries: %s users, %s orders, %s sessions under binary keys, 1 empty value, " +
            "%d large values (1, 3 and 6 MiB)%n", Units.count(written.entries()), Units.count(DemoData.USERS),
            Units.count(DemoData.ORDERS), Units.count(DemoData.SESSIONS), DemoData.BLOBS.length));
        out.write(String.format("         %d commits in %s: %s entries/s, %s of values, %s/s%n", written.commits(),
            Units.seconds(nanos), Units.perSecond(written.entries(), nanos), Units.bytes(written.valueBytes()),
            Units.bytes(Math.round(written.valueBytes() * 1e9 / nanos))));
        out.write("         a binary key, as 'pagekv scan' prints it (--format text): " + KeyFormat.TEXT.encode(written.sessionKey()) + "\n");
        out.flush();
    }

    private static void read(final Snapshot snapshot, final Writer out) throws IOException
    {
        final Random random = new Random(7);
        long found = 0;
        final long started = System.nanoTime();
        for (int i = 0; i < READS; i++)
        {
            if (snapshot.view(DemoData.userKey(random.nextInt(DemoData.USERS))) != null)
            {
                found++;
            }
        }
        final long nanos = System.nanoTime() - started;
        out.write(String.format("get      %s random users in %s: %s gets/s, %s found%n", Units.count(READS), Units.seconds(nanos),
            Units.perSecond(READS, nanos), found == READS ? "all" : Units.count(found)));
        out.flush();
    }

    private static void scan(final Snapshot snapshot, final Writer out) throws IOException
    {
        long entries = 0;
        long bytes = 0;
        final long started = System.nanoTime();
        try (Cursor cursor = snapshot.range(null, null))
        {
            while (cursor.next())
            {
                entries++;
                bytes += cursor.key().capacity() + cursor.value().capacity();
            }
        }
        final long nanos = System.nanoTime() - started;
        out.write(String.format("scan     all %s entries (%s) in %s: %s entries/s%n", Units.count(entries), Units.bytes(bytes),
            Units.seconds(nanos), Units.perSecond(entries, nanos)));
        final byte[] prefix = "user:00004".getBytes(StandardCharsets.US_ASCII);
        out.write("         prefix user:00004 holds " + snapshot.count(prefix, ScanRange.successor(prefix)) + " entries; the first two:\n");
        try (Cursor cursor = snapshot.prefix(prefix))
        {
            for (int i = 0; i < 2 && cursor.next(); i++)
            {
                out.write("           " + KeyFormat.TEXT.encode(cursor.keyBytes()) + "\t" + KeyFormat.TEXT.encode(cursor.valueBytes()) + "\n");
            }
        }
        out.flush();
    }

    private static void nextSteps(final Writer out, final Path target) throws IOException
    {
        final String pagekv = System.getProperty("pagekv.command", "pagekv");
        final String dir = quote(target.toString());
        out.write("\nThe store stays in " + target + " (remove it with: rm -r " + dir + "). Try next:\n");
        out.write("  " + pagekv + " get " + dir + " user:000042\n");
        out.write("  " + pagekv + " scan " + dir + " --prefix order:0000 --limit 5\n");
        out.write("  " + pagekv + " scan " + dir + " --prefix session: --limit 3 --keys-only\n");
        out.write("  " + pagekv + " stats " + dir + "\n");
        out.write("  " + pagekv + " dump " + dir + " | cut -c 1-100 | head -4\n");
    }

    private static String quote(final String path)
    {
        return path.matches("[A-Za-z0-9_./:+-]+") ? path : "'" + path.replace("'", "'\\''") + "'";
    }

    private static String indent(final String text)
    {
        return text.replaceAll("(?m)^", "  ");
    }
}
