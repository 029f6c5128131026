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
    ROCKSDB
    {
        @Override
        KeyValueBytesStoreSupplier store(final String name)
        {
            return Stores.persistentKeyValueStore(name);
        }
    };

    abstract KeyValueBytesStoreSupplier store(String name);
}
