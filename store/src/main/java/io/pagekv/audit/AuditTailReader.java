package io.pagekv.audit;

import io.pagekv.StoreException;
import io.pagekv.format.AuditLogLayout;
import io.pagekv.io.ErrorMapper;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.broadcast.BroadcastBufferDescriptor;
import org.agrona.concurrent.broadcast.BroadcastReceiver;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Follows the live audit feed of a store ({@link AuditSinks#liveTail()}) from any process: maps
 * {@code audit/tail} read-only and receives the records broadcast from now on. A reader that
 * falls a whole buffer behind loses the records it was lapped on ({@link #lost()}); the writer
 * never waits for it.
 *
 * <p>Not thread-safe: poll from one thread.
 */
public final class AuditTailReader implements AutoCloseable
{
    private final BroadcastReceiver receiver;
    private byte[] scratch = new byte[4096];
    private long lost;

    private AuditTailReader(final BroadcastReceiver receiver)
    {
        this.receiver = receiver;
    }

    /**
     * @param storeDir the store directory.
     * @return whether a writer of the store ever attached a live tail.
     */
    public static boolean hasTail(final Path storeDir)
    {
        return Files.isRegularFile(storeDir.resolve(AuditLogLayout.DIRECTORY).resolve(AuditLogLayout.TAIL_FILE));
    }

    /**
     * @param storeDir the store directory.
     * @return a reader positioned at the newest record: it receives what is broadcast after.
     * @throws StoreException if the store has no live tail (no writer ever attached one).
     */
    public static AuditTailReader open(final Path storeDir)
    {
        final Path path = storeDir.resolve(AuditLogLayout.DIRECTORY).resolve(AuditLogLayout.TAIL_FILE);
        if (!Files.isRegularFile(path))
        {
            throw new StoreException("no live audit tail in " + storeDir + " (" + path + " is missing: the writer does not use AuditSinks.liveTail())");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            final long length = channel.size();
            if (length != LiveTail.CAPACITY + BroadcastBufferDescriptor.TRAILER_LENGTH)
            {
                throw new StoreException("live audit tail " + path + " has " + length + " bytes, not " +
                    (LiveTail.CAPACITY + BroadcastBufferDescriptor.TRAILER_LENGTH) + ": not a tail of this version");
            }
            final AuditTailReader reader = new AuditTailReader(new BroadcastReceiver(new UnsafeBuffer(channel.map(FileChannel.MapMode.READ_ONLY, 0, length))));
            // Agrona's receiver starts at the newest message already sent: skip it, this reader shows what comes after.
            reader.poll(record -> { }, Integer.MAX_VALUE);
            reader.lost = 0;
            return reader;
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot map the live audit tail " + path, ex);
        }
    }

    /**
     * Hands over the records broadcast since the last poll, up to {@code limit}, without waiting.
     *
     * @param each  told each record, in order.
     * @param limit the most records to hand over; the rest wait for the next poll.
     * @return how many records were handed over.
     */
    public int poll(final Consumer<AuditRecord> each, final int limit)
    {
        int count = 0;
        final long lappedBefore = receiver.lappedCount();
        while (count < limit && receiver.receiveNext())
        {
            final int length = receiver.length();
            if (scratch.length < length)
            {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            receiver.buffer().getBytes(receiver.offset(), scratch, 0, length);
            // Copied first, checked after: the transmitter may have overwritten it meanwhile.
            if (!receiver.validate() || receiver.typeId() != LiveTail.RECORD_TYPE ||
                AuditRecordCodec.problem(scratch, 0, length) != null)
            {
                lost++;
                continue;
            }
            each.accept(AuditRecordCodec.decode(scratch, 0, length));
            count++;
        }
        lost += receiver.lappedCount() - lappedBefore;
        return count;
    }

    /**
     * Hands over every record broadcast since the last poll, without waiting.
     *
     * @param each told each record, in order.
     * @return how many records were handed over.
     */
    public int poll(final Consumer<AuditRecord> each)
    {
        return poll(each, Integer.MAX_VALUE);
    }

    /** @return records (or whole laps of the buffer) this reader lost by falling behind. */
    public long lost()
    {
        return lost;
    }

    /** Drops the mapping's reader; the mapping itself goes with the garbage collector. */
    @Override
    public void close()
    {
        scratch = new byte[0];
    }
}
