package io.pagekv.cli;

import io.pagekv.Snapshot;
import io.pagekv.Store;

import java.nio.file.Path;

/**
 * A child JVM that opens a store read-only, holds a snapshot of its latest commit and prints
 * {@code pinned TXN}; it closes both and exits when its standard input ends or gives a line.
 */
public final class SnapshotHolderProcess
{
    private SnapshotHolderProcess()
    {
    }

    /**
     * @param args the store directory.
     * @throws Exception on any failure, which the test sees as a non-zero exit.
     */
    public static void main(final String[] args) throws Exception
    {
        try (Store store = Store.openReadOnly(Path.of(args[0])); Snapshot snapshot = store.snapshot())
        {
            System.out.println("pinned " + snapshot.txnId());
            System.out.flush();
            System.in.read();
        }
    }
}
