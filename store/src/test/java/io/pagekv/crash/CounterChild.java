package io.pagekv.crash;

import io.pagekv.Store;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A process for {@link CrossProcessCounterTest}: opens the store read-only, prints
 * {@code ready}, waits for the file {@code go} to appear, then runs {@code addAndGet(+1)} on one
 * field {@code count} times, publishing after each one how many completed in the first 8 bytes
 * of its progress file (an ordered store into a shared mapping, so the count survives SIGKILL),
 * and prints {@code done}. Arguments: dir key offset count progressFile goFile.
 */
public final class CounterChild
{
    private CounterChild()
    {
    }

    public static void main(final String[] args) throws IOException, InterruptedException
    {
        final Path dir = Path.of(args[0]);
        final byte[] key = args[1].getBytes(StandardCharsets.UTF_8);
        final long offset = Long.parseLong(args[2]);
        final long count = Long.parseLong(args[3]);
        final Path go = Path.of(args[5]);
        try (FileChannel progressFile = FileChannel.open(Path.of(args[4]), StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
            Store store = Store.openReadOnly(dir))
        {
            final UnsafeBuffer progress = new UnsafeBuffer(progressFile.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES));
            System.out.println("ready");
            System.out.flush();
            while (!go.toFile().exists())
            {
                Thread.sleep(1);
            }
            for (long i = 1; i <= count; i++)
            {
                store.addAndGet(key, offset, 1);
                progress.putLongOrdered(0, i);
            }
        }
        System.out.println("done");
        System.out.flush();
    }
}
