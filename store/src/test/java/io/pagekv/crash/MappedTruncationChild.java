package io.pagekv.crash;

import io.pagekv.CompactionPolicy;
import io.pagekv.CorruptStoreException;
import io.pagekv.Cursor;
import io.pagekv.Durability;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.WriteTxn;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NavigableMap;
import java.util.stream.Stream;

/**
 * Run in a child JVM by {@link MappedTruncationTest}: builds a store, opens it read-only (mapped),
 * optionally reads everything once (so pages are checked and compiled code is hot), then cuts
 * every segment file under the live mappings, and reads again through every API entry point.
 * Each read must give a {@link CorruptStoreException} or a correct value; an
 * {@link InternalError} escaping the API, another exception or a JVM crash is a failure.
 *
 * <p>Prints {@code result corrupt=N correct=N escaped=N wrong=N} and a line per kind of escape.
 * Arguments: dir seed warm(true|false) keepPages (0: a random page boundary per segment, -1: a random offset).
 */
public final class MappedTruncationChild
{
    private static final java.util.Set<String> FIRST = new java.util.HashSet<>();

    private static final class WrongValue extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        WrongValue(final String message)
        {
            super(message);
        }
    }

    private MappedTruncationChild()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final Path dir = Path.of(args[0]);
        final Workload workload = new Workload(Long.parseLong(args[1]));
        final boolean warm = Boolean.parseBoolean(args[2]);
        final int keepPages = Integer.parseInt(args[3]);
        final java.util.Random cut = new java.util.Random(Long.parseLong(args[1]));
        long last = 0;
        try (Store store = Store.open(dir, StoreOptions.defaults().withSegmentSize(64 << 10).withDurability(Durability.ASYNC)
            .withCompaction(CompactionPolicy.off())))
        {
            for (int i = 0; i < 150; i++)
            {
                try (WriteTxn txn = store.beginWrite())
                {
                    final long sequence = workload.apply(txn);
                    txn.commit();
                    last = sequence;
                }
            }
        }
        final NavigableMap<byte[], byte[]> model = new ModelHistory(workload).at(last);
        final int[] counts = new int[4];
        try (Store store = Store.openReadOnly(dir))
        {
            if (warm)
            {
                for (int round = 0; round < 20; round++)
                {
                    readAll(store, model, counts);
                }
                counts[0] = 0;
                counts[1] = 0;
            }
            try (Stream<Path> files = Files.list(dir))
            {
                for (final Path file : (Iterable<Path>)files::iterator)
                {
                    if (file.getFileName().toString().startsWith("seg-"))
                    {
                        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
                        {
                            final long pages = raf.length() / store.pageSize();
                            final long keep = keepPages > 0 ? keepPages : 1 + cut.nextInt((int)pages);
                            raf.setLength(keep * store.pageSize() + (keepPages < 0 ? cut.nextInt(store.pageSize()) : 0));
                        }
                    }
                }
            }
            for (int round = 0; round < 3; round++)
            {
                readAll(store, model, counts);
            }
        }
        System.out.println("jdk " + Runtime.version().feature());
        System.out.println("result corrupt=" + counts[0] + " correct=" + counts[1] + " escaped=" + counts[2] + " wrong=" + counts[3]);
    }

    private static void readAll(final Store store, final NavigableMap<byte[], byte[]> model, final int[] counts)
    {
        try
        {
            for (final byte[] key : model.keySet())
            {
                attempt("Store.get", counts, () -> check(store.get(key), model.get(key)));
            }
        }
        catch (final InternalError late)
        {
            // JDK 17 may deliver a fault of a guarded read only here, between two attempts.
            counts[2]++;
            System.out.println("escaped from Store.get (between reads): " + late);
        }
        attempt("Cursor", counts, () ->
        {
            try (Snapshot snapshot = store.snapshot(); Cursor cursor = snapshot.range(null, null))
            {
                while (cursor.next())
                {
                    check(cursor.valueBytes(), model.get(cursor.keyBytes()));
                }
            }
        });
        attempt("Store.verify", counts, () ->
        {
            if (!store.verify().isClean())
            {
                throw new CorruptStoreException(store.dir(), -1, -1, "verify found problems");
            }
        });
    }

    private static void check(final byte[] actual, final byte[] expected)
    {
        if (!java.util.Arrays.equals(actual, expected))
        {
            throw new WrongValue("WRONG VALUE served: " + (actual == null ? "null" : actual.length + " bytes") +
                ", expected " + (expected == null ? "null" : expected.length + " bytes"));
        }
    }

    private static void attempt(final String what, final int[] counts, final Runnable read)
    {
        try
        {
            read.run();
            counts[1]++;
        }
        catch (final CorruptStoreException ex)
        {
            if (FIRST.add(what))
            {
                System.out.println("first corrupt from " + what + ": " + ex.getMessage());
            }
            counts[0]++;
        }
        catch (final WrongValue ex)
        {
            counts[3]++;
            if (FIRST.add(what + " wrong"))
            {
                System.out.println("wrong value from " + what + ": " + ex.getMessage());
            }
        }
        catch (final Throwable ex)
        {
            counts[2]++;
            System.out.println("escaped from " + what + ": " + ex);
            if (FIRST.add(what + " escaped") && System.getProperty("pagekv.crash.trace") != null)
            {
                ex.printStackTrace(System.out);
            }
        }
    }
}
