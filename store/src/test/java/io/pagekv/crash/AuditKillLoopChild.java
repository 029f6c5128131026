package io.pagekv.crash;

import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.CompactionPolicy;
import io.pagekv.WriteTxn;
import io.pagekv.audit.AuditContext;
import io.pagekv.audit.AuditSinks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Random;

/**
 * The writer of the audit kill loop, in a child JVM: opens the store with the durable audit log
 * (SYNC), prints {@code open <txn>}, then commits small transactions under an audit context and
 * prints {@code ack <txn>} after each commit returns, until killed.
 *
 * <p>Arguments: dir seed maxTxns rotateBytes.
 */
public final class AuditKillLoopChild
{
    private AuditKillLoopChild()
    {
    }

    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final Random random = new Random(Long.parseLong(args[1]));
        final int maxTxns = Integer.parseInt(args[2]);
        final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        try (Store store = Store.open(dir, StoreOptions.defaults().withCompaction(CompactionPolicy.off())))
        {
            store.addAuditHook(AuditSinks.durableLog(Long.parseLong(args[3])));
            out.println("open " + store.info().lastTxnId());
            out.flush();
            for (int i = 0; i < maxTxns; i++)
            {
                try (AuditContext.Scope scope = AuditContext.of("killer", "req-" + i).open(); WriteTxn txn = store.beginWrite())
                {
                    final int puts = 1 + random.nextInt(5);
                    for (int p = 0; p < puts; p++)
                    {
                        txn.put(("key-" + random.nextInt(500)).getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[random.nextInt(300)]);
                    }
                    if (random.nextBoolean())
                    {
                        txn.delete(("key-" + random.nextInt(500)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                    txn.commit();
                    out.println("ack " + txn.txnId());
                    out.flush();
                }
            }
        }
        out.println("done");
        out.flush();
    }
}
