/**
 * pagekv as a Kafka Streams key-value state store: {@link io.pagekv.kafka.PagekvStores} makes the
 * store supplier, {@link io.pagekv.kafka.PagekvConfigSetter} tunes it through the Streams config.
 * Uses only the public API of {@code io.pagekv} and the public API of Kafka Streams.
 */
package io.pagekv.kafka;
