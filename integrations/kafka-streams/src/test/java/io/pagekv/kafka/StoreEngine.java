package io.pagekv.kafka;

import io.pagekv.Durability;
import io.pagekv.StoreOptions;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The store engine a topology is built with: pagekv, or Kafka Streams' default RocksDB.
 */
enum StoreEngine
{
    PAGEKV
    {
        @Override
        KeyValueBytesStoreSupplier store(final String name)
        {
            return PagekvStores.persistentKeyValueStore(name);
        }
    },
    /** pagekv with commits that are not forced (survive a process crash, not a power loss). */
    PAGEKV_ASYNC
    {
        @Override
        KeyValueBytesStoreSupplier store(final String name)
        {
            return PagekvStores.persistentKeyValueStore(name, StoreOptions.defaults().withDurability(Durability.ASYNC));
        }
    },
    /** pagekv keeping record timestamps with the values. */
    PAGEKV_TIMESTAMPED
    {
        @Override
        KeyValueBytesStoreSupplier store(final String name)
        {
            return PagekvStores.persistentTimestampedKeyValueStore(name);
        }
    },
    ROCKSDB
    {
        @Override
        KeyValueBytesStoreSupplier store(final String name)
        {
            return Stores.persistentKeyValueStore(name);
        }
    },
    /** RocksDB keeping record timestamps, as the DSL's default stores do. */
    ROCKSDB_TIMESTAMPED
    {
        @Override
        KeyValueBytesStoreSupplier store(final String name)
        {
            return Stores.persistentTimestampedKeyValueStore(name);
        }
    };

    boolean isPagekv()
    {
        return name().startsWith("PAGEKV");
    }

    abstract KeyValueBytesStoreSupplier store(String name);
}
