package io.pagekv.kafka;

import java.util.Map;

/**
 * Tunes each pagekv state store of an application, as {@code RocksDBConfigSetter} tunes RocksDB
 * stores. Name the implementing class (public, with a public no-argument constructor) in the
 * Streams config under {@link #CONFIG}:
 *
 * <pre>{@code
 * props.put(PagekvConfigSetter.CONFIG, MySetter.class);   // or its class name
 * }</pre>
 *
 * <p>Called once per store instance, on the stream thread that opens it, before it is opened.
 */
public interface PagekvConfigSetter
{
    /** The Streams config key that names the setter class. */
    String CONFIG = "pagekv.config.setter";

    /**
     * @param storeName the store's name in the topology.
     * @param settings  what the store would use: the defaults, or what its supplier was given.
     * @param configs   the application's Streams config, for settings of your own.
     * @return what the store uses.
     */
    PagekvSettings setConfig(String storeName, PagekvSettings settings, Map<String, Object> configs);
}
