package io.pagekv.kafka;

import io.pagekv.StoreOptions;

/**
 * How one pagekv state store is opened and when it commits on its own.
 *
 * @param storeOptions     the pagekv options: page and segment size of a new store, durability.
 *                         With {@link io.pagekv.Durability#SYNC} (the default) each Kafka Streams
 *                         commit is forced to disk.
 * @param writeBufferBytes writes held in memory between two Kafka Streams commits before the
 *                         store commits them by itself (a restore, a long commit interval); at
 *                         least 1 KiB, at most 1 GiB (a pagekv transaction holds at most 1.5 GiB
 *                         of new values).
 */
public record PagekvSettings(StoreOptions storeOptions, long writeBufferBytes)
{
    /** The default {@link #writeBufferBytes()}: 32 MiB. */
    public static final long DEFAULT_WRITE_BUFFER_BYTES = 32L << 20;
    /** The largest {@link #writeBufferBytes()}: 1 GiB. */
    public static final long MAX_WRITE_BUFFER_BYTES = 1L << 30;

    /**
     * @throws IllegalArgumentException if the options are null or the buffer is under 1 KiB or over 1 GiB.
     */
    public PagekvSettings
    {
        if (storeOptions == null)
        {
            throw new IllegalArgumentException("storeOptions is null");
        }
        if (writeBufferBytes < 1024 || writeBufferBytes > MAX_WRITE_BUFFER_BYTES)
        {
            throw new IllegalArgumentException("writeBufferBytes " + writeBufferBytes + " is out of 1 KiB..1 GiB");
        }
    }

    /**
     * @return pagekv's default options and a 32 MiB write buffer.
     */
    public static PagekvSettings defaults()
    {
        return new PagekvSettings(StoreOptions.defaults(), DEFAULT_WRITE_BUFFER_BYTES);
    }

    /**
     * @param options the pagekv options.
     * @return a copy with them.
     */
    public PagekvSettings withStoreOptions(final StoreOptions options)
    {
        return new PagekvSettings(options, writeBufferBytes);
    }

    /**
     * @param bytes the write buffer size.
     * @return a copy with it.
     */
    public PagekvSettings withWriteBufferBytes(final long bytes)
    {
        return new PagekvSettings(storeOptions, bytes);
    }
}
