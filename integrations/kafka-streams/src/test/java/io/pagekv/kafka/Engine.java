package io.pagekv.kafka;

import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The store engine a topology is built with: pagekv, or Kafka Streams' default RocksDB.
 */
enum Engine
{
    PAGEKV
    {
        @Override
        KeyValueBytesStoreSupplier store(final String name)
        {
            return PagekvStores.persistentKeyValueStore(name);
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
