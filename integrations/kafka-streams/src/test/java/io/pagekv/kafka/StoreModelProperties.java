package io.pagekv.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.pagekv.Durability;
import io.pagekv.StoreOptions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Random operations on a pagekv store and on a {@code TreeMap} model give the same answers:
 * writes, commits, reopening (which drops what was not committed), restore batches, point reads,
 * and range, reverse range and prefix scans with open bounds. Keys are short and drawn from
 * bytes at the edges of unsigned order (0x00, 0x7F, 0x80, 0xFF) so that bounds, prefixes and
 * the empty key collide often.
 */
class StoreModelProperties
{
    private static final Byte[] ALPHABET = {0x00, 0x01, 0x7F, (byte)0x80, (byte)0xFF};

    /** One step of a run. */
    interface Op
    {
    }

    record Put(Bytes key, byte[] value) implements Op
    {
    }

    record Delete(Bytes key) implements Op
    {
    }

    record PutAll(List<Put> puts) implements Op
    {
    }

    record Restore(List<Put> records) implements Op
    {
    }

    record Commit() implements Op
    {
    }

    record Reopen() implements Op
    {
    }

    record Get(Bytes key) implements Op
    {
    }

    record Range(Bytes from, Bytes to, boolean reverse) implements Op
    {
    }

    record Prefix(Bytes prefix) implements Op
    {
    }

    /**
     * @param ops         the run.
     * @param smallBuffer a 4 KiB write buffer that commits by itself every few writes; otherwise
     *                    a 1 GiB one that commits only when asked, so that a reopen without a
     *                    commit must drop exactly the writes since the last commit.
     */
    @Property(tries = 200)
    void storeAnswersAsTheModel(@ForAll("runs") final List<Op> ops, @ForAll final boolean smallBuffer) throws IOException
    {
        final Path dir = Files.createTempDirectory("pagekv-model");
        try
        {
            new Run(dir, smallBuffer).apply(ops);
        }
        finally
        {
            try (Stream<Path> files = Files.walk(dir))
            {
                for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.delete(file);
                }
            }
        }
    }

    /** The store, its model, and the model's last commit. */
    private static final class Run
    {
        private final Path dir;
        private final boolean smallBuffer;
        private final NavigableMap<Bytes, byte[]> model = new TreeMap<>();
        private final NavigableMap<Bytes, byte[]> committed = new TreeMap<>();
        private TestContext context;
        private KeyValueStore<Bytes, byte[]> store;

        Run(final Path dir, final boolean smallBuffer)
        {
            this.dir = dir;
            this.smallBuffer = smallBuffer;
            open();
        }

        private void open()
        {
            context = new TestContext(dir);
            store = PagekvStores.persistentKeyValueStore("model", PagekvSettings.defaults()
                .withStoreOptions(StoreOptions.defaults().withDurability(Durability.ASYNC).withSegmentSize(1 << 20))
                .withWriteBufferBytes(smallBuffer ? 4096 : PagekvSettings.MAX_WRITE_BUFFER_BYTES)).get();
            store.init(context, store);
        }

        void apply(final List<Op> ops)
        {
            try
            {
                for (final Op op : ops)
                {
                    step(op);
                }
                assertEquals(entries(model), drain(store.all()), "all() after " + ops.size() + " steps");
            }
            finally
            {
                store.close();
            }
        }

        private void step(final Op op)
        {
            if (op instanceof Put p)
            {
                store.put(p.key(), p.value());
                write(p);
            }
            else if (op instanceof Delete d)
            {
                final byte[] expected = model.remove(d.key());
                assertArrayEquals(expected, store.delete(d.key()), "delete returns the old value");
            }
            else if (op instanceof PutAll all)
            {
                store.putAll(all.puts().stream().map(p -> KeyValue.pair(p.key(), p.value())).toList());
                all.puts().forEach(this::write);
            }
            else if (op instanceof Restore restore)
            {
                context.restoreCallback().restoreAll(restore.records().stream().map(p -> KeyValue.pair(p.key().get(), p.value())).toList());
                restore.records().forEach(this::write);
            }
            else if (op instanceof Commit)
            {
                store.commit(Map.of());
                committed.clear();
                committed.putAll(model);
            }
            else if (op instanceof Reopen)
            {
                if (smallBuffer)
                {
                    // The buffer may have committed by itself: the model cannot tell what a close
                    // without a commit keeps, so commit first.
                    store.commit(Map.of());
                }
                else
                {
                    model.clear();
                    model.putAll(committed);
                }
                store.close();
                open();
            }
            else if (op instanceof Get g)
            {
                assertArrayEquals(model.get(g.key()), store.get(g.key()), "get " + g.key());
            }
            else if (op instanceof Range r)
            {
                assertEquals(range(r), drain(r.reverse() ? store.reverseRange(r.from(), r.to()) : store.range(r.from(), r.to())), r.toString());
            }
            else if (op instanceof Prefix p)
            {
                assertEquals(prefix(p.prefix()), drain(store.prefixScan(p.prefix().get(), new ByteArraySerializer())), p.toString());
            }
        }

        private void write(final Put p)
        {
            if (p.value() == null)
            {
                model.remove(p.key());
            }
            else
            {
                model.put(p.key(), p.value());
            }
        }

        private List<String> range(final Range r)
        {
            if (r.from() != null && r.to() != null && r.from().compareTo(r.to()) > 0)
            {
                return List.of();
            }
            NavigableMap<Bytes, byte[]> view = model;
            if (r.from() != null)
            {
                view = view.tailMap(r.from(), true);
            }
            if (r.to() != null)
            {
                view = view.headMap(r.to(), true);
            }
            return entries(r.reverse() ? view.descendingMap() : view);
        }

        private List<String> prefix(final Bytes prefix)
        {
            final NavigableMap<Bytes, byte[]> matching = new TreeMap<>();
            model.forEach((key, value) ->
            {
                if (startsWith(key.get(), prefix.get()))
                {
                    matching.put(key, value);
                }
            });
            return entries(matching);
        }

        private static boolean startsWith(final byte[] key, final byte[] prefix)
        {
            return key.length >= prefix.length && Bytes.wrap(Arrays.copyOf(key, prefix.length)).equals(Bytes.wrap(prefix));
        }

        private static List<String> entries(final Map<Bytes, byte[]> map)
        {
            final List<String> entries = new ArrayList<>();
            map.forEach((key, value) -> entries.add(key + "=" + Bytes.wrap(value)));
            return entries;
        }

        private static List<String> drain(final KeyValueIterator<Bytes, byte[]> iterator)
        {
            final List<String> entries = new ArrayList<>();
            try (iterator)
            {
                while (iterator.hasNext())
                {
                    final KeyValue<Bytes, byte[]> entry = iterator.next();
                    entries.add(entry.key + "=" + Bytes.wrap(entry.value));
                }
            }
            return entries;
        }
    }

    @Provide
    Arbitrary<List<Op>> runs()
    {
        final Arbitrary<Bytes> keys = Arbitraries.of(ALPHABET).list().ofMaxSize(3).map(StoreModelProperties::bytes);
        final Arbitrary<Bytes> bounds = keys.injectNull(0.25);
        final Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        final Arbitrary<Put> puts = Combinators.combine(keys, values.injectNull(0.1)).as(Put::new);
        final Arbitrary<Op> op = Arbitraries.frequencyOf(
            Tuple.of(8, puts.map(p -> (Op)p)),
            Tuple.of(3, keys.map(Delete::new)),
            Tuple.of(2, puts.list().ofMaxSize(10).map(PutAll::new)),
            Tuple.of(1, puts.list().ofMaxSize(30).map(Restore::new)),
            Tuple.of(2, Arbitraries.just(new Commit())),
            Tuple.of(1, Arbitraries.just(new Reopen())),
            Tuple.of(3, keys.map(Get::new)),
            Tuple.of(4, Combinators.combine(bounds, bounds, Arbitraries.of(true, false)).as(Range::new)),
            Tuple.of(2, keys.map(Prefix::new)));
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    private static Bytes bytes(final List<Byte> list)
    {
        final byte[] bytes = new byte[list.size()];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = list.get(i);
        }
        return Bytes.wrap(bytes);
    }
}
