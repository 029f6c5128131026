package io.pagekv.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Short ways to write keys and values in tests, and to drain an iterator.
 */
final class Keys
{
    private Keys()
    {
    }

    static Bytes key(final String text)
    {
        return Bytes.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] value(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(final byte[] bytes)
    {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Drains and closes an iterator.
     *
     * @return "key=value" for each entry, in iteration order.
     */
    static List<String> drain(final KeyValueIterator<Bytes, byte[]> iterator)
    {
        final List<String> entries = new ArrayList<>();
        try (iterator)
        {
            while (iterator.hasNext())
            {
                final KeyValue<Bytes, byte[]> entry = iterator.next();
                entries.add(text(entry.key.get()) + "=" + text(entry.value));
            }
        }
        return entries;
    }
}
