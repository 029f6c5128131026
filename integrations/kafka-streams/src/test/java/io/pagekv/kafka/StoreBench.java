package io.pagekv.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.processor.BatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.CommitCallback;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A rough comparison of pagekv and RocksDB as Kafka Streams stores, one engine per JVM so that
 * the resident set is the engine's own. Not a test, and not JMH: one timed run of each phase.
 *
 * <ol>
 *   <li>word count: {@code lines} lines of 4 words over a vocabulary of 20,000 through
 *       TopologyTestDriver (Streams' default 10 MB cache), then 2,000 range queries of about 100
 *       keys each on the count store;</li>
 *   <li>restore: {@code records} changelog records (16-byte keys, 100-byte values) fed to the
 *       store's restore callback in batches of 1,000, as Streams does, then one commit.</li>
 * </ol>
 *
 * <p>TopologyTestDriver commits (and so forces a pagekv commit) after every input record; a
 * running application commits at its commit interval. {@code integrations/kafka-streams/bench.sh
 * [lines] [records]} runs every engine.
 */
public final class StoreBench
{
    private StoreBench()
    {
    }

    /**
     * @param args engine ({@code pagekv}, {@code pagekv_async} or {@code rocksdb}), lines, records, work directory.
     */
    public static void main(final String[] args) throws IOException
    {
        final StoreEngine engine = StoreEngine.valueOf(args[0].toUpperCase(Locale.ROOT));
        final int lines = Integer.parseInt(args[1]);
        final int records = Integer.parseInt(args[2]);
        final Path work = Files.createDirectories(Path.of(args[3]).resolve(engine.name().toLowerCase(Locale.ROOT)));
        final String wordCount = wordCount(engine, lines, work.resolve("wordcount"));
        final String restore = restore(engine, records, work.resolve("restore"));
        System.out.printf(Locale.ROOT, "%-12s %s %s rss=%d MiB%n", engine.name().toLowerCase(Locale.ROOT), wordCount, restore, ProcessFigures.rssMiB());
    }

    private static String wordCount(final StoreEngine engine, final int lines, final Path stateDir) throws IOException
    {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream("lines", Consumed.with(Serdes.String(), Serdes.String()))
            .flatMapValues(line -> Arrays.asList(line.split(" ")))
            .groupBy((key, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
            .count(Materialized.as(engine.store("counts")));
        final Topology topology = builder.build();
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        final Random random = new Random(1);
        final long start = System.nanoTime();
        final long scanStart;
        final long end;
        final long disk;
        long scanned = 0;
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props))
        {
            final TestInputTopic<String, String> in = driver.createInputTopic("lines", new StringSerializer(), new StringSerializer());
            final StringBuilder line = new StringBuilder();
            for (int i = 0; i < lines; i++)
            {
                line.setLength(0);
                for (int w = 0; w < 4; w++)
                {
                    line.append(w == 0 ? "" : " ").append(String.format(Locale.ROOT, "w%05d", random.nextInt(20_000)));
                }
                in.pipeInput(null, line.toString());
            }
            scanStart = System.nanoTime();
            final KeyValueStore<String, Long> counts = driver.getKeyValueStore("counts");
            for (int q = 0; q < 2_000; q++)
            {
                final int from = random.nextInt(19_900);
                try (KeyValueIterator<String, Long> range = counts.range(String.format(Locale.ROOT, "w%05d", from),
                    String.format(Locale.ROOT, "w%05d", from + 99)))
                {
                    while (range.hasNext())
                    {
                        range.next();
                        scanned++;
                    }
                }
            }
            end = System.nanoTime();
            // Before the driver closes: it deletes its state directory.
            disk = ProcessFigures.diskMiB(stateDir);
        }
        return String.format(Locale.ROOT, "wordcount: %d lines/s, range queries: %d/s (%d entries), disk %d MiB;",
            (long)(lines / seconds(start, scanStart)), (long)(2_000 / seconds(scanStart, end)), scanned, disk);
    }

    private static String restore(final StoreEngine engine, final int records, final Path taskDir) throws IOException
    {
        final MockProcessorContext<Object, Object> mock = new MockProcessorContext<>(new Properties(), new TaskId(0, 0), taskDir.toFile());
        final Capturing context = new Capturing(mock.getStateStoreContext());
        final KeyValueStore<Bytes, byte[]> store = engine.store("restore").get();
        store.init(context, store);
        final Random random = new Random(2);
        final byte[] value = new byte[100];
        final long start = System.nanoTime();
        for (int done = 0; done < records; done += 1_000)
        {
            final List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(1_000);
            for (int i = done; i < Math.min(records, done + 1_000); i++)
            {
                random.nextBytes(value);
                batch.add(new ConsumerRecord<>("restore-changelog", 0, i,
                    String.format(Locale.ROOT, "key-%012d", random.nextInt(records)).getBytes(), value.clone()));
            }
            if (context.callback instanceof RecordBatchingStateRestoreCallback rocks)
            {
                rocks.restoreBatch(batch);
            }
            else
            {
                ((BatchingStateRestoreCallback)context.callback).restoreAll(batch.stream().map(r -> KeyValue.pair(r.key(), r.value())).toList());
            }
        }
        store.commit(Map.of());
        final long end = System.nanoTime();
        store.close();
        return String.format(Locale.ROOT, " restore: %d records/s (%.1f s), disk %d MiB;", (long)(records / seconds(start, end)),
            seconds(start, end), ProcessFigures.diskMiB(taskDir));
    }

    private static double seconds(final long from, final long to)
    {
        return (to - from) / 1e9;
    }

    /** Passes everything to the mock context and keeps the restore callback the store registers. */
    private static final class Capturing implements StateStoreContext
    {
        private final StateStoreContext delegate;
        private StateRestoreCallback callback;

        Capturing(final StateStoreContext delegate)
        {
            this.delegate = delegate;
        }

        @Override
        public String applicationId()
        {
            return delegate.applicationId();
        }

        @Override
        public TaskId taskId()
        {
            return delegate.taskId();
        }

        @Override
        public java.util.Optional<RecordMetadata> recordMetadata()
        {
            return delegate.recordMetadata();
        }

        @Override
        public org.apache.kafka.common.serialization.Serde<?> keySerde()
        {
            return delegate.keySerde();
        }

        @Override
        public org.apache.kafka.common.serialization.Serde<?> valueSerde()
        {
            return delegate.valueSerde();
        }

        @Override
        public java.io.File stateDir()
        {
            return delegate.stateDir();
        }

        @Override
        public org.apache.kafka.streams.StreamsMetrics metrics()
        {
            return delegate.metrics();
        }

        @Override
        public void register(final StateStore store, final StateRestoreCallback restore)
        {
            callback = restore;
            delegate.register(store, restore);
        }

        @Override
        public void register(final StateStore store, final StateRestoreCallback restore, final CommitCallback onCommit)
        {
            callback = restore;
            delegate.register(store, restore, onCommit);
        }

        @Override
        public Map<String, Object> appConfigs()
        {
            return delegate.appConfigs();
        }

        @Override
        public Map<String, Object> appConfigsWithPrefix(final String prefix)
        {
            return delegate.appConfigsWithPrefix(prefix);
        }
    }
}
