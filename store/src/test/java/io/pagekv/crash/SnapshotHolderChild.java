package io.pagekv.crash;

import io.pagekv.Cursor;
import io.pagekv.Snapshot;
import io.pagekv.Store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * A reader process for {@link ReaderTableTest}: opens the store read-only, opens a snapshot and
 * prints {@code pinned <txn> <entries> <digest>}; then, once the file {@code release} appears
 * beside the store, reads the same snapshot again from its mapping, prints
 * {@code reread <entries> <digest>}, closes the snapshot and prints {@code closed}; then waits for
 * the file {@code exit}. Until killed, if the parent kills it instead. Arguments: dir.
 */
public final class SnapshotHolderChild
{
    private SnapshotHolderChild()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final Path dir = Path.of(args[0]);
        try (Store store = Store.openReadOnly(dir))
        {
            try (Snapshot snapshot = store.snapshot())
            {
                System.out.println("pinned " + snapshot.txnId() + " " + digest(snapshot));
                System.out.flush();
                waitFor(dir.resolveSibling("release"));
                System.out.println("reread " + digest(snapshot));
                System.out.flush();
            }
            System.out.println("closed");
            System.out.flush();
            waitFor(dir.resolveSibling("exit"));
        }
    }

    /** @return the number of entries and a CRC32C over every key and value, in key order. */
    static String digest(final Snapshot snapshot)
    {
        final CRC32C crc = new CRC32C();
        long entries = 0;
        try (Cursor cursor = snapshot.range(null, null))
        {
            while (cursor.next())
            {
                crc.update(cursor.keyBytes());
                crc.update(cursor.valueBytes());
                entries++;
            }
        }
        return entries + " " + Long.toHexString(crc.getValue());
    }

    private static void waitFor(final Path flag) throws InterruptedException
    {
        while (!Files.exists(flag))
        {
            Thread.sleep(10);
        }
    }
}
