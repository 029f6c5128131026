package io.pagekv.kafka;

import io.pagekv.StoreOptions;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;

/**
 * Kafka Streams store suppliers backed by pagekv, used where {@code Stores.persistentKeyValueStore}
 * would be:
 *
 * <pre>{@code
 * builder.table("users", Materialized.as(PagekvStores.persistentKeyValueStore("users")));
 * }</pre>
 *
 * <p>The JVM needs {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED} for Agrona.
 */
public final class PagekvStores
{
    private PagekvStores()
    {
    }

    /**
     * @param name the store's name, which also names its changelog topic.
     * @return a supplier of pagekv stores with default settings.
     */
    public static KeyValueBytesStoreSupplier persistentKeyValueStore(final String name)
    {
        return persistentKeyValueStore(name, PagekvSettings.defaults());
    }

    /**
     * @param name    the store's name.
     * @param options the pagekv options each store opens with.
     * @return a supplier of pagekv stores with those options.
     */
    public static KeyValueBytesStoreSupplier persistentKeyValueStore(final String name, final StoreOptions options)
    {
        return persistentKeyValueStore(name, PagekvSettings.defaults().withStoreOptions(options));
    }

    /**
     * @param name     the store's name.
     * @param settings the pagekv options and write buffer size; a {@link PagekvConfigSetter} in the
     *                 Streams config may still change them per store.
     * @return a supplier of pagekv stores with those settings.
     */
    public static KeyValueBytesStoreSupplier persistentKeyValueStore(final String name, final PagekvSettings settings)
    {
        return new PagekvBytesStoreSupplier(name, settings, false);
    }

    /**
     * A store for tables that keeps each value's record timestamp, as
     * {@code Stores.persistentTimestampedKeyValueStore} does (and as the DSL's default RocksDB
     * stores do): use it for {@code KTable}s and aggregations whose results' timestamps matter.
     * Its on-disk values differ from those of {@link #persistentKeyValueStore}: switching a store
     * between the two needs a reset of the application's local state.
     *
     * @param name the store's name.
     * @return a supplier of timestamped pagekv stores with default settings.
     */
    public static KeyValueBytesStoreSupplier persistentTimestampedKeyValueStore(final String name)
    {
        return persistentTimestampedKeyValueStore(name, PagekvSettings.defaults());
    }

    /**
     * @param name     the store's name.
     * @param settings the pagekv options and write buffer size.
     * @return a supplier of timestamped pagekv stores with those settings.
     */
    public static KeyValueBytesStoreSupplier persistentTimestampedKeyValueStore(final String name, final PagekvSettings settings)
    {
        return new PagekvBytesStoreSupplier(name, settings, true);
    }
}
