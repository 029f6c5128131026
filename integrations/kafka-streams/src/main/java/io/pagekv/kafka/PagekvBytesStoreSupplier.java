package io.pagekv.kafka;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Makes one pagekv key-value store per task of a Kafka Streams topology, plain or timestamped.
 * Get one from {@link PagekvStores}.
 */
final class PagekvBytesStoreSupplier implements KeyValueBytesStoreSupplier
{
    private final String name;
    private final PagekvSettings settings;
    private final boolean timestamped;

    PagekvBytesStoreSupplier(final String name, final PagekvSettings settings, final boolean timestamped)
    {
        if (name == null || name.isEmpty())
        {
            throw new IllegalArgumentException("store name is null or empty");
        }
        if (settings == null)
        {
            throw new IllegalArgumentException("settings are null");
        }
        this.name = name;
        this.settings = settings;
        this.timestamped = timestamped;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public KeyValueStore<Bytes, byte[]> get()
    {
        return timestamped ? new PagekvTimestampedKeyValueStore(name, settings) : new PagekvKeyValueStore(name, settings);
    }

    @Override
    public String metricsScope()
    {
        return "pagekv";
    }
}
