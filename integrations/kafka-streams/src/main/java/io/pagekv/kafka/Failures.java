package io.pagekv.kafka;

import io.pagekv.StoreClosedException;
import io.pagekv.StoreException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * Maps pagekv's typed exceptions to the ones Kafka Streams acts on, in one place: a closed store
 * is an {@link InvalidStateStoreException} (an interactive query retries elsewhere), every other
 * failure a {@link ProcessorStateException} (the task fails and its state is rebuilt). The
 * pagekv exception is kept as the cause.
 */
final class Failures
{
    private Failures()
    {
    }

    /**
     * @param storeName the Kafka Streams store.
     * @param doing     what the store was doing, for the message.
     * @param ex        what pagekv threw.
     * @return the exception to throw.
     */
    static StreamsException translate(final String storeName, final String doing, final StoreException ex)
    {
        final String message = "pagekv store " + storeName + " failed " + doing + ": " + ex.getMessage();
        return ex instanceof StoreClosedException ? new InvalidStateStoreException(message, ex) : new ProcessorStateException(message, ex);
    }
}
