package io.pagekv.cli;

import io.pagekv.Store;
import io.pagekv.VerifyReport;
import io.pagekv.WriteTxn;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A child JVM that holds a store open for writing and commits batches until it reads a line on
 * standard input; then it verifies the store and prints {@code clean ENTRIES} or the problems.
 * It prints {@code ready} once the store is open and has entries.
 */
public final class WriterProcess
{
    private WriterProcess()
    {
    }

    /**
     * @param args the store directory.
     * @throws Exception on any failure, which the test sees as a non-zero exit.
     */
    public static void main(final String[] args) throws Exception
    {
        final AtomicBoolean stop = new AtomicBoolean();
        try (Store store = Store.open(Path.of(args[0])))
        {
            int next = batch(store, 0, 1000);
            System.out.println("ready");
            System.out.flush();
            final Thread stopper = new Thread(() ->
            {
                try
                {
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                }
                catch (final java.io.IOException ignored)
                {
                    // End of input stops the writer the same way.
                }
                stop.set(true);
            });
            stopper.start();
            while (!stop.get())
            {
                next = batch(store, next, 100);
            }
            final VerifyReport report = store.verify();
            System.out.println(report.isClean() ? "clean " + report.entries() : "problems " + report.problems());
        }
    }

    private static int batch(final Store store, final int first, final int count)
    {
        try (WriteTxn txn = store.beginWrite())
        {
            for (int i = first; i < first + count; i++)
            {
                txn.put(String.format("w%08d", i).getBytes(StandardCharsets.US_ASCII), new byte[i % 300]);
            }
            txn.commit();
        }
        return first + count;
    }
}
