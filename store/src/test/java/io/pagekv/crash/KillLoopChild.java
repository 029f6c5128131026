package io.pagekv.crash;

import io.pagekv.CompactionPolicy;
import io.pagekv.Durability;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.WriteTxn;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The writer of the kill loop, run in a child JVM: opens the store, prints {@code open <txn>},
 * then commits {@link Workload} transactions and prints {@code ack <txn>} after each
 * {@code commit()} returns, until it is killed or has written {@code maxTxns}.
 *
 * <p>Arguments: dir seed pageSize segmentSize checkpointBytes durability maxTxns.
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
        final StoreOptions options = options(args, 2);
        final int maxTxns = Integer.parseInt(args[6]);
        final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        try (Store store = Store.open(dir, options))
        {
            out.println("open " + store.info().lastTxnId());
            out.flush();
            for (int i = 0; i < maxTxns; i++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    workload.apply(txn);
                    txn.commit();
                    out.println("ack " + txn.txnId());
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

    static StoreOptions options(final String[] args, final int from)
    {
        return StoreOptions.defaults()
            .withPageSize(Integer.parseInt(args[from]))
            .withSegmentSize(Long.parseLong(args[from + 1]))
            .withCheckpointBytes(Long.parseLong(args[from + 2]))
            .withDurability(Durability.valueOf(args[from + 3]))
            .withCompaction(CompactionPolicy.off());
    }
}
