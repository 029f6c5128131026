package io.pagekv.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Word count on a real broker (the in-process cluster of the test kit), one engine per JVM:
 * lines of 4 words over a vocabulary of 1,000,000, so that the count store holds hundreds of
 * thousands of keys. Measures processing until the consumer group has no lag left (lines/s),
 * the store's disk, then a second instance on an empty state directory restoring the store from
 * its changelog (restore time, records restored, disk), and the JVM's RSS (broker included, the
 * same for both engines). At-least-once, 1 s commit interval, Streams' default 10 MB cache.
 *
 * <p>{@code integrations/kafka-streams/bench.sh broker [lines]} runs it for every engine.
 */
public final class BrokerBench
{
    private static final int PARTITIONS = 4;

    private BrokerBench()
    {
    }

    /**
     * @param args engine ({@code pagekv}, {@code pagekv_async} or {@code rocksdb}), lines, work directory.
     */
    public static void main(final String[] args) throws Exception
    {
        final StoreEngine engine = StoreEngine.valueOf(args[0].toUpperCase(Locale.ROOT));
        final int lines = Integer.parseInt(args[1]);
        final Path work = Files.createDirectories(Path.of(args[2]).resolve("broker-" + engine.name().toLowerCase(Locale.ROOT)));
        try (EmbeddedCluster cluster = EmbeddedCluster.start())
        {
            cluster.createTopics(PARTITIONS, WordCountApp.INPUT, WordCountApp.OUTPUT);
            produce(cluster.bootstrapServers(), lines);

            final Path first = work.resolve("first");
            final long start = System.nanoTime();
            final long processed;
            try (KafkaStreams streams = new KafkaStreams(WordCountApp.topology(engine.store(WordCountApp.STORE)),
                config(cluster.bootstrapServers(), first)))
            {
                streams.start();
                awaitNoLag(cluster);
                processed = System.nanoTime() - start;
            }
            final long firstDisk = ProcessFigures.diskMiB(first);

            final Path second = work.resolve("second");
            final AtomicLong restored = new AtomicLong();
            final long restoreStart = System.nanoTime();
            final long restoreTime;
            try (KafkaStreams streams = new KafkaStreams(WordCountApp.topology(engine.store(WordCountApp.STORE)),
                config(cluster.bootstrapServers(), second)))
            {
                streams.setGlobalStateRestoreListener(counting(restored));
                streams.start();
                while (streams.state() != KafkaStreams.State.RUNNING)
                {
                    Thread.sleep(50);
                }
                restoreTime = System.nanoTime() - restoreStart;
            }
            System.out.printf(Locale.ROOT, "%-12s broker word count: %d lines/s (%d lines in %.1f s), disk %d MiB; "
                    + "restore of %d changelog records to RUNNING: %.1f s, disk %d MiB; rss=%d MiB%n",
                engine.name().toLowerCase(Locale.ROOT), (long)(lines / (processed / 1e9)), lines, processed / 1e9, firstDisk,
                restored.get(), restoreTime / 1e9, ProcessFigures.diskMiB(second), ProcessFigures.rssMiB());
        }
    }

    private static Properties config(final String bootstrap, final Path stateDir)
    {
        final Properties props = WordCountApp.config(bootstrap, stateDir);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1_000);
        return props;
    }

    private static void produce(final String bootstrap, final int lines)
    {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        final Random random = new Random(3);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer()))
        {
            final StringBuilder line = new StringBuilder();
            for (int i = 0; i < lines; i++)
            {
                line.setLength(0);
                for (int w = 0; w < 4; w++)
                {
                    line.append(w == 0 ? "" : " ").append("w").append(random.nextInt(1_000_000));
                }
                producer.send(new ProducerRecord<>(WordCountApp.INPUT, null, line.toString()));
            }
        }
    }

    /** Waits until the application's group has committed every offset of its input and repartition topics. */
    private static void awaitNoLag(final EmbeddedCluster cluster) throws Exception
    {
        try (Admin admin = cluster.admin())
        {
            final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
            while (System.nanoTime() < deadline)
            {
                final List<TopicPartition> sources = new ArrayList<>();
                for (final String topic : admin.listTopics().names().get())
                {
                    if (topic.equals(WordCountApp.INPUT) || topic.startsWith(WordCountApp.APPLICATION_ID) && topic.endsWith("-repartition"))
                    {
                        for (int p = 0; p < PARTITIONS; p++)
                        {
                            sources.add(new TopicPartition(topic, p));
                        }
                    }
                }
                final Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(WordCountApp.APPLICATION_ID).partitionsToOffsetAndMetadata().get();
                final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                    sources.stream().collect(java.util.stream.Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get();
                final boolean done = sources.size() == 2 * PARTITIONS && sources.stream().allMatch(tp ->
                    committed.get(tp) != null && committed.get(tp).offset() >= ends.get(tp).offset());
                if (done)
                {
                    return;
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("the application did not catch up in 20 minutes");
        }
    }

    private static StateRestoreListener counting(final AtomicLong restored)
    {
        return new StateRestoreListener()
        {
            @Override
            public void onRestoreStart(final TopicPartition partition, final String store, final long start, final long end)
            {
            }

            @Override
            public void onBatchRestored(final TopicPartition partition, final String store, final long batchEnd, final long count)
            {
                restored.addAndGet(count);
            }

            @Override
            public void onRestoreEnd(final TopicPartition partition, final String store, final long total)
            {
            }
        };
    }
}
