package io.pagekv.kafka;

import org.apache.kafka.streams.state.TimestampedBytesStore;

/**
 * A pagekv store whose values are Kafka Streams' timestamped values (8 bytes of record timestamp,
 * then the value), as {@code Stores.persistentTimestampedKeyValueStore} keeps them. Kafka Streams
 * recognises it by {@link TimestampedBytesStore} and stores tables' record timestamps in it,
 * instead of wrapping it in an adapter that drops them. pagekv itself sees bytes either way.
 */
final class PagekvTimestampedKeyValueStore extends PagekvKeyValueStore implements TimestampedBytesStore
{
    PagekvTimestampedKeyValueStore(final String name, final PagekvSettings settings)
    {
        super(name, settings);
    }
}
