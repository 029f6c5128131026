package io.pagekv.kafka;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;

/**
 * The word count application of the broker test: lines in {@link #INPUT}, counts per word in a
 * pagekv store named {@link #STORE}, every new count to {@link #OUTPUT}. Exactly-once, so a
 * killed instance leaves no double count. Its {@code main} runs one instance in a child JVM and
 * prints {@code RUNNING} once it processes.
 */
final class WordCountApp
{
    static final String APPLICATION_ID = "pagekv-wordcount";
    static final String INPUT = "lines";
    static final String OUTPUT = "word-counts";
    static final String STORE = "counts";

    private WordCountApp()
    {
    }

    static Topology topology()
    {
        return topology(PagekvStores.persistentKeyValueStore(STORE));
    }

    static Topology topology(final KeyValueBytesStoreSupplier counts)
    {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(INPUT, Consumed.with(Serdes.String(), Serdes.String()))
            .flatMapValues(line -> Arrays.asList(line.toLowerCase(Locale.ROOT).split("\\W+")))
            .groupBy((key, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
            .count(Materialized.as(counts))
            .toStream()
            .to(OUTPUT, Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    static Properties config(final String bootstrap, final Path stateDir)
    {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return props;
    }

    /**
     * @param args bootstrap servers, state directory.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final KafkaStreams streams = new KafkaStreams(topology(), config(args[0], Path.of(args[1])));
        final CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) ->
        {
            if (now == KafkaStreams.State.RUNNING)
            {
                running.countDown();
            }
        });
        streams.start();
        running.await();
        System.out.println("RUNNING");
        System.out.flush();
        // Runs until the test kills this JVM.
        new CountDownLatch(1).await();
    }
}
