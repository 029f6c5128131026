package io.pagekv.crash;

import io.pagekv.FileSeam;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.WriteTxn;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The child of {@link CopyKillTest}, killed at random moments or halted by {@link HaltingFileIO}
 * at a chosen rename or directory force where the copies are renamed into place. Two modes:
 * <ul>
 *   <li>{@code backup}: a writer thread commits {@link Workload} transactions and prints
 *       {@code ack <sequence>} after each; the main thread takes hot backups one after the
 *       other into {@code targets/b<i>} and prints {@code backup <i>} after each returns;</li>
 *   <li>{@code offline}: opens the store, commits a few transactions ({@code ack <sequence>}),
 *       closes it, compacts it offline ({@code compacted <i>}), and again.</li>
 * </ul>
 * It prints {@code open} once it runs.
 *
 * <p>Arguments: mode dir targets seed, the {@link StoreConfig#args()}, haltAt haltAfter.
 */
public final class CopyKillChild
{
    private static final int ROUNDS = 10_000;

    private CopyKillChild()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final String mode = args[0];
        final Path dir = Path.of(args[1]);
        final Path targets = Path.of(args[2]);
        final Workload workload = new Workload(Long.parseLong(args[3]));
        final StoreConfig config = StoreConfig.parse(args, 4);
        final int at = 4 + StoreConfig.ARGS;
        // Halts where copies get their names: the backups' directory, or the store's parent (the swap).
        final Path watched = mode.equals("backup") ? targets : dir.toAbsolutePath().getParent();
        final StoreOptions options = FileSeam.with(config.options(),
            new HaltingFileIO(watched, Integer.parseInt(args[at]), Boolean.parseBoolean(args[at + 1])));
        final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        say(out, "open");
        if (mode.equals("backup"))
        {
            backups(dir, targets, workload, options, out);
        }
        else
        {
            offline(dir, workload, options, out);
        }
        say(out, "done");
    }

    private static void backups(final Path dir, final Path targets, final Workload workload, final StoreOptions options, final PrintStream out)
        throws InterruptedException
    {
        try (Store store = Store.open(dir, options))
        {
            final Thread writer = new Thread(() ->
            {
                for (int i = 0; i < ROUNDS && !Thread.currentThread().isInterrupted(); i++)
                {
                    commit(store, workload, out);
                }
            }, "writer");
            writer.start();
            for (int i = 0; i < ROUNDS && writer.isAlive(); i++)
            {
                store.backup(targets.resolve("b" + i));
                say(out, "backup " + i);
            }
            writer.interrupt();
            writer.join();
        }
    }

    private static void offline(final Path dir, final Workload workload, final StoreOptions options, final PrintStream out)
    {
        for (int i = 0; i < ROUNDS; i++)
        {
            try (Store store = Store.open(dir, options))
            {
                for (int t = 0; t < 1 + i % 7; t++)
                {
                    commit(store, workload, out);
                }
            }
            Store.compactOffline(dir, options);
            say(out, "compacted " + i);
        }
    }

    private static void commit(final Store store, final Workload workload, final PrintStream out)
    {
        try (WriteTxn txn = store.beginWrite())
        {
            final long sequence = workload.apply(txn);
            txn.commit();
            say(out, "ack " + sequence);
        }
    }

    private static void say(final PrintStream out, final String line)
    {
        synchronized (out)
        {
            out.println(line);
            out.flush();
            if (out.checkError())
            {
                System.exit(3);
            }
        }
    }
}
