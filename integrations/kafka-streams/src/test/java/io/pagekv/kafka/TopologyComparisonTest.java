package io.pagekv.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.function.Function;

import io.pagekv.Durability;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real topologies run on pagekv stores and on Kafka Streams' default RocksDB stores give the same
 * output records and the same interactive-query answers.
 */
class TopologyComparisonTest
{
    private static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "a", "ab", "abc"};

    @TempDir
    Path stateDirs;

    /**
     * A 1 KiB write buffer commits every few records, so reads merge buffered and committed
     * entries; the commits are not forced, which keeps the test independent of the disk's speed.
     */
    public static final class SmallBufferSetter implements PagekvConfigSetter
    {
        @Override
        public PagekvSettings setConfig(final String storeName, final PagekvSettings settings, final Map<String, Object> configs)
        {
            return settings.withWriteBufferBytes(1024).withStoreOptions(settings.storeOptions().withDurability(Durability.ASYNC));
        }
    }

    /** What one run of a topology produced. */
    private record Outcome(List<KeyValue<String, String>> output, List<String> queries)
    {
    }

    private Outcome run(final StoreEngine engine, final Function<StoreEngine, Topology> topology, final Driving driving)
    {
        final Path stateDir = stateDirs.resolve(engine.name());
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "compare");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(PagekvConfigSetter.CONFIG, SmallBufferSetter.class.getName());
        final Outcome outcome;
        try (TopologyTestDriver driver = new TopologyTestDriver(topology.apply(engine), props))
        {
            outcome = driving.drive(driver);
            if (engine.isPagekv())
            {
                try (var tasks = Files.list(stateDir.resolve("compare")))
                {
                    assertTrue(tasks.anyMatch(task -> Files.isDirectory(task.resolve("pagekv"))), "the stores are pagekv stores");
                }
            }
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        return outcome;
    }

    private void assertSameOnBothEngines(final Function<StoreEngine, Topology> topology, final Driving driving)
    {
        assertSame(StoreEngine.ROCKSDB, StoreEngine.PAGEKV, topology, driving);
    }

    private void assertSame(final StoreEngine rocksdb, final StoreEngine pagekv, final Function<StoreEngine, Topology> topology,
        final Driving driving)
    {
        final Outcome rocks = run(rocksdb, topology, driving);
        final Outcome paged = run(pagekv, topology, driving);
        assertFalse(rocks.output().isEmpty(), "the topology produced output");
        assertEquals(rocks.output(), paged.output());
        assertEquals(rocks.queries(), paged.queries());
    }

    /** Feeds a driver and reads what it produced. */
    private interface Driving
    {
        Outcome drive(TopologyTestDriver driver);
    }

    private static List<String> lines(final int count, final long seed)
    {
        final Random random = new Random(seed);
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final StringBuilder line = new StringBuilder();
            for (int w = random.nextInt(8); w >= 0; w--)
            {
                final String word = random.nextInt(3) == 0 ? "word" + random.nextInt(500) : WORDS[random.nextInt(WORDS.length)];
                line.append(word).append(random.nextBoolean() ? " " : ", ");
            }
            lines.add(line.toString().toUpperCase(Locale.ROOT));
        }
        return lines;
    }

    private static Topology wordCount(final StoreEngine engine)
    {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream("lines", Consumed.with(Serdes.String(), Serdes.String()))
            .flatMapValues(line -> Arrays.asList(line.toLowerCase(Locale.ROOT).split("\\W+")))
            .groupBy((key, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
            .count(Materialized.as(engine.store("counts")))
            .toStream()
            .mapValues(String::valueOf)
            .to("word-counts", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private static List<String> queryCounts(final TopologyTestDriver driver)
    {
        final KeyValueStore<String, Long> counts = driver.getKeyValueStore("counts");
        final List<String> answers = new ArrayList<>();
        assertTrue(counts.approximateNumEntries() > 0, "approximateNumEntries is an estimate: RocksDB's counts overwrites");
        answers.add("get " + counts.get("gamma") + " " + counts.get("missing") + " " + counts.get("word42"));
        answers.add("range " + drain(counts.range("b", "eta")));
        answers.add("reverseRange " + drain(counts.reverseRange("ab", null)));
        answers.add("rangeFromStart " + drain(counts.range(null, "beta")));
        answers.add("all " + drain(counts.all()));
        answers.add("reverseAll " + drain(counts.reverseAll()));
        answers.add("prefix " + drain(counts.prefixScan("a", new StringSerializer())));
        answers.add("prefixWord4 " + drain(counts.prefixScan("word4", new StringSerializer())));
        answers.add("prefixEmpty " + drain(counts.prefixScan("", new StringSerializer())));
        return answers;
    }

    private static <V> List<String> drain(final KeyValueIterator<String, V> iterator)
    {
        final List<String> entries = new ArrayList<>();
        try (iterator)
        {
            iterator.forEachRemaining(entry -> entries.add(entry.key + "=" + entry.value));
        }
        return entries;
    }

    @Test
    void wordCountAndItsInteractiveQueriesMatchRocksDb()
    {
        assertSameOnBothEngines(TopologyComparisonTest::wordCount, driver ->
        {
            final TestInputTopic<String, String> in = driver.createInputTopic("lines", new StringSerializer(), new StringSerializer());
            final TestOutputTopic<String, String> out =
                driver.createOutputTopic("word-counts", Serdes.String().deserializer(), Serdes.String().deserializer());
            lines(2_000, 7).forEach(line -> in.pipeInput(null, line));
            return new Outcome(out.readKeyValuesToList(), queryCounts(driver));
        });
    }

    @Test
    void aWindowlessAggregationMatchesRocksDb()
    {
        assertSameOnBothEngines(engine ->
        {
            final StreamsBuilder builder = new StreamsBuilder();
            builder.stream("purchases", Consumed.with(Serdes.String(), Serdes.Long()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.Long()))
                .aggregate(() -> "0/0", (user, amount, total) ->
                    {
                        final String[] parts = total.split("/");
                        return (Long.parseLong(parts[0]) + amount) + "/" + (Long.parseLong(parts[1]) + 1);
                    },
                    Materialized.<String, String>as(engine.store("totals")).withKeySerde(Serdes.String()).withValueSerde(Serdes.String()))
                .toStream()
                .to("totals-out", Produced.with(Serdes.String(), Serdes.String()));
            return builder.build();
        }, driver ->
        {
            final TestInputTopic<String, Long> in = driver.createInputTopic("purchases", new StringSerializer(), Serdes.Long().serializer());
            final TestOutputTopic<String, String> out =
                driver.createOutputTopic("totals-out", Serdes.String().deserializer(), Serdes.String().deserializer());
            final Random random = new Random(11);
            for (int i = 0; i < 3_000; i++)
            {
                in.pipeInput("user-" + random.nextInt(200), (long)random.nextInt(1_000));
            }
            final KeyValueStore<String, String> totals = driver.getKeyValueStore("totals");
            return new Outcome(out.readKeyValuesToList(), List.of(drain(totals.range("user-1", "user-2")).toString(),
                drain(totals.prefixScan("user-19", new StringSerializer())).toString()));
        });
    }

    @Test
    void aStreamTableJoinMatchesRocksDb()
    {
        assertSameOnBothEngines(TopologyComparisonTest::streamTableJoin, TopologyComparisonTest::driveJoin);
    }

    /**
     * With timestamped stores the table keeps each row's record timestamp: read back through the
     * timestamped store, pagekv's rows and timestamps must be RocksDB's.
     */
    @Test
    void aStreamTableJoinOnTimestampedStoresKeepsTheRecordTimestampsOfRocksDb()
    {
        assertSame(StoreEngine.ROCKSDB_TIMESTAMPED, StoreEngine.PAGEKV_TIMESTAMPED, TopologyComparisonTest::streamTableJoin, driver ->
        {
            final Outcome outcome = driveJoin(driver);
            final KeyValueStore<String, ValueAndTimestamp<String>> table = driver.getTimestampedKeyValueStore("users");
            return new Outcome(outcome.output(), List.of(drain(table.all()).toString()));
        });
    }

    private static Topology streamTableJoin(final StoreEngine engine)
    {
        final StreamsBuilder builder = new StreamsBuilder();
        final KTable<String, String> users = builder.table("users", Consumed.with(Serdes.String(), Serdes.String()),
            Materialized.<String, String>as(engine.store("users")).withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
        builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
            .join(users, (page, name) -> name + " viewed " + page)
            .to("enriched", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    /** Table rows and clicks with their own clocks, so that a join's timestamp tells which side it came from. */
    private static Outcome driveJoin(final TopologyTestDriver driver)
    {
        final TestInputTopic<String, String> userTopic = driver.createInputTopic("users", new StringSerializer(), new StringSerializer(),
            Instant.ofEpochMilli(0), Duration.ofMillis(3));
        final TestInputTopic<String, String> clicks = driver.createInputTopic("clicks", new StringSerializer(), new StringSerializer(),
            Instant.ofEpochMilli(1), Duration.ofMillis(2));
        final TestOutputTopic<String, String> out =
            driver.createOutputTopic("enriched", Serdes.String().deserializer(), Serdes.String().deserializer());
        final Random random = new Random(13);
        for (int i = 0; i < 3_000; i++)
        {
            final String user = "u" + random.nextInt(100);
            final int action = random.nextInt(10);
            if (action == 0)
            {
                userTopic.pipeInput(user, (String)null);
            }
            else if (action < 3)
            {
                userTopic.pipeInput(user, "name-" + i);
            }
            else
            {
                clicks.pipeInput(user, "/page/" + random.nextInt(50));
            }
        }
        final List<KeyValue<String, String>> output = new ArrayList<>();
        out.readRecordsToList().forEach(record -> output.add(KeyValue.pair(record.key(), record.value() + "@" + record.timestamp())));
        final KeyValueStore<String, String> table = driver.getKeyValueStore("users");
        return new Outcome(output, List.of(drain(table.all()).toString(),
            drain(table.reverseRange("u1", "u5")).toString(), drain(table.prefixScan("u4", new StringSerializer())).toString()));
    }
}
