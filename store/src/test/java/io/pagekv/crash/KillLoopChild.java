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
 * or has written {@code maxTxns}.
 *
 * <p>Arguments: dir seed, the {@link StoreConfig#args()}, maxTxns.
 */
public final class KillLoopChild
{
    private KillLoopChild()
    {
    }

    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final Workload workload = new Workload(Long.parseLong(args[1]));
        final StoreOptions options = StoreConfig.parse(args, 2).options();
        final int maxTxns = Integer.parseInt(args[2 + StoreConfig.ARGS]);
        final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        try (Store store = Store.open(dir, options))
        {
            out.println("open " + store.info().lastTxnId());
            out.flush();
            for (int i = 0; i < maxTxns; i++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    final long sequence = workload.apply(txn);
                    txn.commit();
                    out.println("ack " + sequence);
                    out.flush();
                    if (out.checkError())
                    {
                        System.exit(3);
                    }
                }
            }
        }
        out.println("done");
        out.flush();
    }
}
