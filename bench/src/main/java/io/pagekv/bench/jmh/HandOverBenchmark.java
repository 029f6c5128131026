package io.pagekv.bench.jmh;

import io.pagekv.Durability;
import io.pagekv.ExportRoute;
import io.pagekv.SharedExport;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.bench.harness.HandOverConsumer;
import io.pagekv.bench.harness.StoreDir;
import org.agrona.DirectBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Handing one value of {@code valueSize} bytes to another process (a JVM running
 * {@link HandOverConsumer}) that checks every byte (CRC32C): by mapped export, by shm export,
 * through a pipe, and through a temporary file. One operation is one hand-over, answered.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HandOverBenchmark extends ForkedBenchmark
{
    /** Bytes of the value. */
    @Param("67108864")
    public int valueSize;

    private static final byte[] KEY = {'v'};
    private static final int CHUNK = 1 << 16;

    private StoreDir dir;
    private Store store;
    private Snapshot snapshot;
    private DirectBuffer value;
    private Process consumer;
    private DataOutputStream toConsumer;
    private DataInputStream fromConsumer;
    private final byte[] chunk = new byte[CHUNK];

    /**
     * Writes the value and starts the consumer.
     *
     * @throws IOException if the consumer cannot be started.
     */
    @Setup(Level.Trial)
    public void start() throws IOException
    {
        dir = StoreDir.create("handover");
        store = Store.open(dir.path().resolve("store"), StoreOptions.defaults().withDurability(Durability.ASYNC));
        final byte[] bytes = new byte[valueSize];
        new Random(5).nextBytes(bytes);
        store.put(KEY, bytes);
        snapshot = store.snapshot();
        value = snapshot.view(KEY);
        consumer = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), JvmFlags.AGRONA,
            "-cp", System.getProperty("java.class.path"), HandOverConsumer.class.getName()))
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        toConsumer = new DataOutputStream(consumer.getOutputStream());
        fromConsumer = new DataInputStream(consumer.getInputStream());
    }

    /**
     * Stops the consumer and deletes the store.
     *
     * @throws Exception if the consumer does not end.
     */
    @TearDown(Level.Trial)
    public void stop() throws Exception
    {
        toConsumer.write('Q');
        toConsumer.flush();
        consumer.waitFor(10, TimeUnit.SECONDS);
        consumer.destroy();
        snapshot.close();
        store.close();
        dir.close();
    }

    /** @return the consumer's CRC. @throws IOException on a pipe failure. */
    @Benchmark
    public int exportMapped() throws IOException
    {
        return byExport(ExportRoute.MAPPED);
    }

    /** @return the consumer's CRC. @throws IOException on a pipe failure. */
    @Benchmark
    public int exportShm() throws IOException
    {
        return byExport(ExportRoute.SHM);
    }

    private int byExport(final ExportRoute route) throws IOException
    {
        try (SharedExport export = store.export(KEY, route))
        {
            toConsumer.write('D');
            toConsumer.writeUTF(export.descriptor());
            toConsumer.flush();
            return fromConsumer.readInt();
        }
    }

    /** @return the consumer's CRC. @throws IOException on a pipe failure. */
    @Benchmark
    public int pipe() throws IOException
    {
        toConsumer.write('P');
        toConsumer.writeLong(valueSize);
        for (int done = 0; done < valueSize; done += CHUNK)
        {
            final int n = Math.min(CHUNK, valueSize - done);
            value.getBytes(done, chunk, 0, n);
            toConsumer.write(chunk, 0, n);
        }
        toConsumer.flush();
        return fromConsumer.readInt();
    }

    /** @return the consumer's CRC. @throws IOException on a file or pipe failure. */
    @Benchmark
    public int tempFile() throws IOException
    {
        final Path file = Files.createTempFile(dir.path(), "handover", ".bin");
        try
        {
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE))
            {
                final ByteBuffer bytes = value.byteBuffer().duplicate();
                bytes.limit(value.wrapAdjustment() + valueSize).position(value.wrapAdjustment());
                while (bytes.hasRemaining())
                {
                    out.write(bytes);
                }
            }
            toConsumer.write('F');
            toConsumer.writeUTF(file.toString());
            toConsumer.flush();
            return fromConsumer.readInt();
        }
        finally
        {
            Files.delete(file);
        }
    }
}
