package io.pagekv.kafka;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.query.Position;

/**
 * The one encoding of a store's {@link Position}, kept under {@link #KEY} in the store itself and
 * written in the same transaction as the writes it describes, so that the position on disk always
 * matches the data on disk.
 *
 * <pre>
 *   int  version (1)
 *   int  topics
 *   per topic:     int name length, name (UTF-8), int partitions,
 *   per partition: int partition, long offset
 * </pre>
 *
 * All integers big-endian.
 */
final class PositionCodec
{
    /** The stored key: the metadata byte {@code 0x01}, after every Kafka key, then "position". */
    static final byte[] KEY = {0x01, 'p', 'o', 's', 'i', 't', 'i', 'o', 'n'};
    private static final int VERSION = 1;

    private PositionCodec()
    {
    }

    static byte[] encode(final Position position)
    {
        int size = 8;
        for (final String topic : position.getTopics())
        {
            size += 8 + topic.getBytes(StandardCharsets.UTF_8).length + 12 * position.getPartitionPositions(topic).size();
        }
        final ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(VERSION).putInt(position.getTopics().size());
        for (final String topic : position.getTopics())
        {
            final byte[] name = topic.getBytes(StandardCharsets.UTF_8);
            final Map<Integer, Long> partitions = position.getPartitionPositions(topic);
            out.putInt(name.length).put(name).putInt(partitions.size());
            partitions.forEach((partition, offset) -> out.putInt(partition).putLong(offset));
        }
        return out.array();
    }

    /**
     * @param storeName the store, for the message.
     * @param bytes     what {@link #encode} wrote.
     * @return the position.
     * @throws ProcessorStateException if the bytes are not a position this version wrote.
     */
    static Position decode(final String storeName, final byte[] bytes)
    {
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        try
        {
            final int version = in.getInt();
            if (version != VERSION)
            {
                throw corrupt(storeName, "version " + version + ", expected " + VERSION);
            }
            final Position position = Position.emptyPosition();
            final int topics = count(storeName, in.getInt(), in.remaining() / 8);
            for (int t = 0; t < topics; t++)
            {
                final byte[] name = new byte[count(storeName, in.getInt(), in.remaining())];
                in.get(name);
                final String topic = new String(name, StandardCharsets.UTF_8);
                final int partitions = count(storeName, in.getInt(), in.remaining() / 12);
                for (int p = 0; p < partitions; p++)
                {
                    position.withComponent(topic, in.getInt(), in.getLong());
                }
            }
            if (in.hasRemaining())
            {
                throw corrupt(storeName, in.remaining() + " bytes after the last partition");
            }
            return position;
        }
        catch (final BufferUnderflowException ex)
        {
            throw corrupt(storeName, "it ends early, at byte " + bytes.length);
        }
    }

    private static int count(final String storeName, final int count, final int most)
    {
        if (count < 0 || count > most)
        {
            throw corrupt(storeName, "a count of " + count + " where at most " + most + " fit");
        }
        return count;
    }

    private static ProcessorStateException corrupt(final String storeName, final String what)
    {
        return new ProcessorStateException("pagekv store " + storeName + ": its stored position is damaged: " + what);
    }
}
