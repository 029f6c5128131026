package io.pagekv.crash;

import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.WriteBatch;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

/**
 * The writer of the batch kill loop, run in a child JVM: opens the store, prints {@code open},
 * then runs writer threads that each write {@link WriteBatch}es of keys of their own
 * ({@link BatchKillLoopTest#marker}, its group and some other keys, all tagged with the batch's
 * sequence number), so that their batches share commits, and prints {@code ack <thread>
 * <sequence>} after each {@code Store.write} returns, until it is killed or has written
 * {@code batches} per thread. Each thread goes on from the sequence number its marker holds.
 *
 * <p>Arguments: dir seed, the {@link StoreConfig#args()}, batches, threads.
 */
public final class BatchKillChild
{
    private BatchKillChild()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final Path dir = Path.of(args[0]);
        final long seed = Long.parseLong(args[1]);
        final StoreOptions options = StoreConfig.parse(args, 2).options();
        final int batches = Integer.parseInt(args[2 + StoreConfig.ARGS]);
        final int threads = Integer.parseInt(args[3 + StoreConfig.ARGS]);
        final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        try (Store store = Store.open(dir, options))
        {
            out.println("open");
            out.flush();
            final Thread[] writers = new Thread[threads];
            for (int t = 0; t < threads; t++)
            {
                final int thread = t;
                writers[t] = new Thread(() -> write(store, thread, new Random(seed * 31 + thread), batches, out), "writer-" + t);
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

    private static void write(final Store store, final int thread, final Random random, final int batches, final PrintStream out)
    {
        final byte[] stored = store.get(BatchKillLoopTest.marker(thread));
        final long first = stored == null ? 1 : BatchKillLoopTest.tag(stored) + 1;
        final WriteBatch batch = new WriteBatch();
        for (long sequence = first; sequence < first + batches; sequence++)
        {
            batch.clear();
            final int others = random.nextInt(6);
            for (int i = 0; i < others; i++)
            {
                // Other keys of the thread, now and then with a value larger than a page.
                final int length = random.nextInt(8) == 0 ? 3000 + random.nextInt(20_000) : 8 + random.nextInt(100);
                batch.put(key(thread, "k" + random.nextInt(BatchKillLoopTest.OTHER_KEYS)), value(sequence, length));
            }
            for (int member = 0; member < BatchKillLoopTest.GROUP_SIZE; member++)
            {
                batch.put(BatchKillLoopTest.groupKey(thread, member), value(sequence, 8));
            }
            if (random.nextInt(5) == 0)
            {
                batch.delete(key(thread, "k" + random.nextInt(BatchKillLoopTest.OTHER_KEYS)));
            }
            batch.put(BatchKillLoopTest.marker(thread), value(sequence, 8));
            store.write(batch);
            synchronized (out)
            {
                out.println("ack " + thread + " " + sequence);
                out.flush();
                if (out.checkError())
                {
                    System.exit(3);
                }
            }
        }
    }

    private static byte[] key(final int thread, final String name)
    {
        return (thread + "/" + name).getBytes(StandardCharsets.US_ASCII);
    }

    /** The sequence number in the first 8 bytes, then filler. */
    private static byte[] value(final long sequence, final int length)
    {
        final byte[] value = new byte[length];
        java.nio.ByteBuffer.wrap(value).putLong(sequence);
        return value;
    }
}
