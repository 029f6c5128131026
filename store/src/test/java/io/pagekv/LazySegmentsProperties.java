package io.pagekv;

import io.pagekv.page.Segment;
import io.pagekv.page.SegmentFiles;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.pagekv.ModelChanges.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Segments a writable open after a clean close leaves unmapped: whatever reads them first (a get,
 * a zero-copy view, a scan, the checker, compaction, an export, a write transaction that copies a
 * leaf) maps them and reads what a {@code TreeMap} model holds. The store has many small
 * segments, values inline and in overflow runs.
 */
class LazySegmentsProperties
{
    private static final StoreOptions OPTIONS = StoreOptions.defaults().withSegmentSize(64 << 10)
        .withDurability(Durability.ASYNC).withCompaction(CompactionPolicy.off());
    private static final int KEYS = 300;

    /** What reads the store first after the reopen. */
    enum Reader
    {
        GET, VIEW, SCAN, VERIFY, COMPACT, EXPORT, WRITE
    }

    @Provide
    Arbitrary<List<List<ModelChanges.Change>>> commits()
    {
        return ModelChanges.changes(KEYS).list().ofMinSize(1).ofMaxSize(60).list().ofMinSize(5).ofMaxSize(25);
    }

    @Property(tries = 40)
    void segmentsLeftUnmappedReadAsTheModelWhoeverReadsThemFirst(
        @ForAll("commits") final List<List<ModelChanges.Change>> commits,
        @ForAll @Size(min = 1, max = 4) final List<Reader> readers,
        @ForAll("keys") final List<Integer> probes) throws IOException
    {
        final Path dir = Files.createTempDirectory("lazy-segments");
        try
        {
            final NavigableMap<byte[], byte[]> model = TestStores.model();
            try (Store store = Store.open(dir, OPTIONS))
            {
                int round = 0;
                for (final List<ModelChanges.Change> commit : commits)
                {
                    ModelChanges.apply(store, model, commit, round++);
                }
            }
            try (Store store = Store.open(dir, OPTIONS))
            {
                final int head = store.engine().head().segment();
                assertEquals(files(dir), numbers(store, false), "every segment file of the log is in the store");
                assertEquals(new TreeSet<>(List.of(head)), numbers(store, true), "a clean reopen maps the head's segment only");
                for (final Reader reader : readers)
                {
                    read(store, model, reader, probes);
                }
                assertSameContents(store, model);
                store.verify();
                assertEquals(numbers(store, false), numbers(store, true), "the checker maps every segment");
            }
            try (Store store = Store.open(dir, OPTIONS))
            {
                assertSameContents(store, model);
                assertTrue(store.verify().isClean(), "verify after a second reopen");
            }
        }
        finally
        {
            deleteTree(dir);
        }
    }

    @Provide
    Arbitrary<List<Integer>> keys()
    {
        return Arbitraries.integers().between(0, KEYS + 10).list().ofMinSize(1).ofMaxSize(20);
    }

    private static void read(final Store store, final NavigableMap<byte[], byte[]> model, final Reader reader, final List<Integer> probes)
    {
        switch (reader)
        {
            case GET -> probes.forEach(k -> assertArrayEquals(model.get(key(k)), store.get(key(k)), "get " + k));
            case VIEW ->
            {
                try (Snapshot snapshot = store.snapshot())
                {
                    final UnsafeBuffer view = new UnsafeBuffer(0, 0);
                    for (final int k : probes)
                    {
                        final boolean found = snapshot.view(new UnsafeBuffer(key(k)), view);
                        assertEquals(model.containsKey(key(k)), found, "view " + k);
                        if (found)
                        {
                            final byte[] bytes = new byte[view.capacity()];
                            view.getBytes(0, bytes);
                            assertArrayEquals(model.get(key(k)), bytes, "view " + k);
                        }
                    }
                }
            }
            case SCAN ->
            {
                final byte[] from = key(probes.get(0));
                try (Snapshot snapshot = store.snapshot(); Cursor cursor = snapshot.range(from, null))
                {
                    for (final Map.Entry<byte[], byte[]> e : model.tailMap(from, true).entrySet())
                    {
                        assertTrue(cursor.next(), "scan from " + probes.get(0) + " ends early");
                        assertArrayEquals(e.getKey(), cursor.keyBytes());
                        assertArrayEquals(e.getValue(), cursor.valueBytes());
                    }
                    assertFalse(cursor.next(), "scan goes past the model");
                }
            }
            case VERIFY -> assertTrue(store.verify().isClean(), "verify of a clean reopen");
            case COMPACT -> store.compact();
            case EXPORT ->
            {
                for (final int k : probes)
                {
                    try (SharedExport export = store.export(key(k)))
                    {
                        if (export == null)
                        {
                            assertNull(model.get(key(k)), "export of " + k);
                            continue;
                        }
                        final org.agrona.DirectBuffer attached = SharedExport.attach(export.descriptor());
                        final byte[] bytes = new byte[attached.capacity()];
                        attached.getBytes(0, bytes);
                        assertArrayEquals(model.get(key(k)), bytes, "export of " + k + " by " + export.route());
                    }
                }
            }
            case WRITE ->
                ModelChanges.apply(store, model, probes.stream().map(k -> new ModelChanges.Change(k % KEYS, k * 37 % 3000)).toList(), 1000);
        }
    }

    private static void assertSameContents(final Store store, final NavigableMap<byte[], byte[]> model)
    {
        try (Snapshot snapshot = store.snapshot())
        {
            TestStores.assertSameContents(snapshot, model);
        }
    }

    /** @return the numbers of the store's segments, or of those mapped. */
    static TreeSet<Integer> numbers(final Store store, final boolean mappedOnly)
    {
        return Arrays.stream(store.engine().pages().all()).filter(s -> !mappedOnly || s.isMapped()).map(Segment::number)
            .collect(Collectors.toCollection(TreeSet::new));
    }

    /** @return the numbers of the segment files in the directory. */
    static TreeSet<Integer> files(final Path dir) throws IOException
    {
        return Arrays.stream(SegmentFiles.list(dir)).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    static void deleteTree(final Path dir) throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
    }
}
