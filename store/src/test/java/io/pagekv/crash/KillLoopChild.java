package io.pagekv.crash;

import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.WriteTxn;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The writer of the kill loop, run in a child JVM: opens the store, prints {@code open <txn>},
 * then commits {@link Workload} transactions and prints {@code ack <sequence>} (the workload's
 * sequence number, see {@link Workload}) after each {@code commit()} returns, until it is killed
 * or has written {@code maxTxns}. With more than one thread, each thread commits on its own
 * (forced commits then share forces: group commit), and acks may be printed out of order.
 *
 * <p>Arguments: dir seed, the {@link StoreConfig#args()}, maxTxns, threads.
 */
public final class KillLoopChild
{
    private KillLoopChild()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final Path dir = Path.of(args[0]);
        final Workload workload = new Workload(Long.parseLong(args[1]));
        final StoreOptions options = StoreConfig.parse(args, 2).options();
        final int maxTxns = Integer.parseInt(args[2 + StoreConfig.ARGS]);
        final int threads = Integer.parseInt(args[3 + StoreConfig.ARGS]);
        final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        try (Store store = Store.open(dir, options))
        {
            out.println("open " + store.info().lastTxnId());
            out.flush();
            final Thread[] writers = new Thread[threads];
            for (int t = 0; t < threads; t++)
            {
                writers[t] = new Thread(() -> commit(store, workload, maxTxns / threads, out), "writer-" + t);
                writers[t].start();
            }
            for (final Thread writer : writers)
            {
                writer.join();
            }
        }
        out.println("done");
        out.flush();
    }

    private static void commit(final Store store, final Workload workload, final int txns, final PrintStream out)
    {
        for (int i = 0; i < txns; i++)
        {
            try (WriteTxn txn = store.beginWrite())
            {
                final long sequence = workload.apply(txn);
                txn.commit();
                synchronized (out)
                {
                    out.println("ack " + sequence);
                    out.flush();
                    if (out.checkError())
                    {
                        System.exit(3);
                    }
                }
            }
        }
    }
}
