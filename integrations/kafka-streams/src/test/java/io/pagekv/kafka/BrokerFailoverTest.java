package io.pagekv.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of a word count application on pagekv stores share the four input partitions of
 * an in-process KRaft cluster (Kafka's own test kit). One runs in a child JVM and is killed with
 * SIGKILL; the other takes over its tasks, restores their pagekv stores from the changelog, and
 * ends with exactly the expected counts. Run with {@code mvn -B verify -Pkafka-it}.
 */
@Tag("broker")
class BrokerFailoverTest
{
    private static final int PARTITIONS = 4;
    private static final String[] WORDS = {"pagekv", "kafka", "streams", "state", "store", "page", "tree", "commit"};

    @TempDir
    Path work;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void survivorRestoresTheKilledInstancesStoresAndCountsExactly() throws Exception
    {
        try (EmbeddedCluster cluster = EmbeddedCluster.start())
        {
            final String bootstrap = cluster.bootstrapServers();
            cluster.createTopics(PARTITIONS, WordCountApp.INPUT, WordCountApp.OUTPUT);
            final Process victim = startChild(bootstrap, work.resolve("state-victim"));
            final AtomicLong restored = new AtomicLong();
            try (KafkaStreams survivor = new KafkaStreams(WordCountApp.topology(), WordCountApp.config(bootstrap, work.resolve("state-survivor"))))
            {
                survivor.setGlobalStateRestoreListener(countingRestores(restored));
                survivor.start();
                awaitRunning(survivor);

                final Map<String, Long> expected = new HashMap<>();
                produce(bootstrap, 0, 2_000, expected);
                assertEquals(expected, awaitOutput(bootstrap, expected), "both instances counted the first half");
                assertTrue(victim.isAlive(), "the victim was still running");

                final long victimPid = victim.pid();
                victim.destroyForcibly().waitFor();
                final long killed = System.nanoTime();
                produce(bootstrap, 2_000, 2_000, expected);

                assertEquals(expected, awaitStore(survivor, expected), "the survivor's pagekv stores hold the final counts");
                System.out.printf("[broker] killed pid %d (SIGKILL); survivor restored %d changelog records and held all %d counts %d ms later%n",
                    victimPid, restored.get(), expected.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
                assertEquals(expected, awaitOutput(bootstrap, expected), "the output topic holds the final counts");
                assertTrue(restored.get() > 0, "the survivor restored the victim's stores from the changelog");
                try (var tasks = Files.list(work.resolve("state-survivor").resolve(WordCountApp.APPLICATION_ID)))
                {
                    assertTrue(tasks.filter(task -> Files.isDirectory(task.resolve("pagekv").resolve(WordCountApp.STORE))).count() >= PARTITIONS,
                        "the survivor holds a pagekv store for every partition");
                }
            }
            finally
            {
                victim.destroyForcibly();
            }
        }
    }

    private Process startChild(final String bootstrap, final Path stateDir) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx256m",
            "-cp", System.getProperty("java.class.path"), WordCountApp.class.getName(), bootstrap, stateDir.toString()));
        final Path out = work.resolve("victim.out");
        final Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline)
        {
            if (Files.readString(out).contains("RUNNING"))
            {
                return child;
            }
            if (!child.isAlive())
            {
                fail("the victim JVM ended: " + Files.readString(out));
            }
            Thread.sleep(200);
        }
        child.destroyForcibly();
        throw new AssertionError("the victim JVM did not reach RUNNING: " + Files.readString(out));
    }

    private static StateRestoreListener countingRestores(final AtomicLong restored)
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

    private static void awaitRunning(final KafkaStreams streams) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (streams.state() != KafkaStreams.State.RUNNING)
        {
            if (System.nanoTime() > deadline)
            {
                fail("the survivor did not reach RUNNING: " + streams.state());
            }
            Thread.sleep(100);
        }
    }

    private static void produce(final String bootstrap, final int first, final int count, final Map<String, Long> expected)
    {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        final Random random = new Random(first);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer()))
        {
            for (int i = first; i < first + count; i++)
            {
                final StringBuilder line = new StringBuilder();
                for (int w = 0; w < 3; w++)
                {
                    final String word = random.nextInt(4) == 0 ? "w" + random.nextInt(300) : WORDS[random.nextInt(WORDS.length)];
                    expected.merge(word.toLowerCase(Locale.ROOT), 1L, Long::sum);
                    line.append(word).append(' ');
                }
                producer.send(new ProducerRecord<>(WordCountApp.INPUT, "line-" + i, line.toString()));
            }
            producer.flush();
        }
    }

    /** Reads the committed output until the newest count of every word is the expected one, or 120 s pass. */
    private static Map<String, Long> awaitOutput(final String bootstrap, final Map<String, Long> expected)
    {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final Map<String, Long> latest = new HashMap<>();
        try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new LongDeserializer()))
        {
            final List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++)
            {
                partitions.add(new TopicPartition(WordCountApp.OUTPUT, p));
            }
            consumer.assign(partitions);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!latest.equals(expected) && System.nanoTime() < deadline)
            {
                for (final ConsumerRecord<String, Long> record : consumer.poll(Duration.ofMillis(500)))
                {
                    latest.put(record.key(), record.value());
                }
            }
        }
        return latest;
    }

    /** Queries the survivor's store until it holds the expected counts, or 120 s pass. */
    private static Map<String, Long> awaitStore(final KafkaStreams streams, final Map<String, Long> expected) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Map<String, Long> found = Map.of();
        while (System.nanoTime() < deadline)
        {
            try
            {
                final ReadOnlyKeyValueStore<String, Long> counts = streams.store(
                    StoreQueryParameters.fromNameAndType(WordCountApp.STORE, QueryableStoreTypes.keyValueStore()));
                final Map<String, Long> now = new HashMap<>();
                try (var all = counts.all())
                {
                    all.forEachRemaining(entry -> now.put(entry.key, entry.value));
                }
                found = now;
                if (found.equals(expected))
                {
                    return found;
                }
            }
            catch (final org.apache.kafka.streams.errors.InvalidStateStoreException ex)
            {
                // Rebalancing or restoring: ask again.
            }
            Thread.sleep(250);
        }
        return found;
    }
}
