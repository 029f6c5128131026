package io.pagekv;

import io.pagekv.page.Segment;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writable stores of one JVM share the mappings of segment files it still reaches (decision 74):
 * across sessions of one store with automatic compaction (segments retired, their files kept as
 * spares and reused under new numbers), each writable open maps a file it had mapped at the same
 * length, while the last session's mappings are held, at the same address, and reads what a
 * {@code TreeMap} model holds, by get and by scan, and verifies clean; a read-only open between
 * sessions maps afresh and reads the same.
 */
class SharedMappingsProperties
{
    private static final StoreOptions OPTIONS = StoreOptions.defaults().withSegmentSize(64 << 10)
        .withDurability(Durability.ASYNC).withCompaction(CompactionPolicy.of(0.9, 1.2));
    private static final int KEYS = 200;

    /** One session: its commits, whether it compacts before the close, whether a read-only open follows it. */
    record Session(List<List<ModelChanges.Change>> commits, boolean compact, boolean readOnlyAfter)
    {
    }

    /** A mapping as the registry knows it: the file's identity and the length mapped. */
    record Identity(Object fileKey, long length)
    {
    }

    private final PropertyDirectories dirs = new PropertyDirectories();

    @AfterProperty
    void deleteDirectories()
    {
        dirs.deleteAll();
    }

    @Provide
    Arbitrary<List<Session>> sessions()
    {
        final Arbitrary<List<List<ModelChanges.Change>>> commits =
            ModelChanges.changes(KEYS).list().ofMinSize(1).ofMaxSize(40).list().ofMinSize(1).ofMaxSize(12);
        return Combinators.combine(commits, Arbitraries.of(true, false), Arbitraries.of(true, false)).as(Session::new)
            .list().ofMinSize(2).ofMaxSize(5);
    }

    @Property(tries = 25)
    void aReopenTakesTheMappingsItStillReachesAndReadsAsTheModel(@ForAll("sessions") final List<Session> sessions) throws IOException
    {
        final Path dir = dirs.create("pagekv-shared-mappings");
        final NavigableMap<byte[], byte[]> model = TestStores.model();
        // The last session's segment buffers, held so that their mappings stay reachable, by identity.
        Map<Identity, UnsafeBuffer> held = Map.of();
        int round = 0;
        for (final Session session : sessions)
        {
            try (Store store = Store.open(dir, OPTIONS))
            {
                // Before any write, the store's files are the ones the last session left mapped.
                assertTrue(store.verify().isClean(), "verify maps every segment and finds it clean");
                for (final Map.Entry<Identity, UnsafeBuffer> segment : mapped(store).entrySet())
                {
                    if (!held.isEmpty())
                    {
                        assertTrue(held.containsKey(segment.getKey()), "the last session mapped " + segment.getKey());
                        assertEquals(held.get(segment.getKey()).addressOffset(), segment.getValue().addressOffset(),
                            "a file mapped at the same length by the last session, still reachable, is not mapped again");
                    }
                }
                assertReadsAsModel(store, model);
                for (final List<ModelChanges.Change> commit : session.commits())
                {
                    ModelChanges.apply(store, model, commit, round++);
                }
                if (session.compact())
                {
                    store.compact();
                }
                assertReadsAsModel(store, model);
                assertTrue(store.verify().isClean(), "verify after the session's writes");
                held = mapped(store);
            }
            if (session.readOnlyAfter())
            {
                try (Store readOnly = Store.openReadOnly(dir))
                {
                    assertReadsAsModel(readOnly, model);
                    readOnly.verify();
                    for (final Map.Entry<Identity, UnsafeBuffer> segment : mapped(readOnly).entrySet())
                    {
                        final UnsafeBuffer writers = held.get(segment.getKey());
                        if (writers != null)
                        {
                            assertNotEquals(writers.addressOffset(), segment.getValue().addressOffset(), "a read-only open maps afresh");
                        }
                    }
                }
            }
        }
    }

    /** @return every mapped segment of the store's table, by the identity of its file. */
    private static Map<Identity, UnsafeBuffer> mapped(final Store store) throws IOException
    {
        final Map<Identity, UnsafeBuffer> mapped = new HashMap<>();
        for (final Segment segment : store.engine().segments().pages().all())
        {
            final UnsafeBuffer buffer = segment.bufferIfMapped();
            if (buffer != null)
            {
                final Object fileKey = Files.readAttributes(segment.path(), BasicFileAttributes.class).fileKey();
                mapped.put(new Identity(fileKey, buffer.capacity()), buffer);
            }
        }
        return mapped;
    }

    private static void assertReadsAsModel(final Store store, final NavigableMap<byte[], byte[]> model)
    {
        for (int k = 0; k < KEYS; k++)
        {
            assertArrayEquals(model.get(ModelChanges.key(k)), store.get(ModelChanges.key(k)), "get " + k);
        }
        try (Snapshot snapshot = store.snapshot())
        {
            TestStores.assertSameContents(snapshot, model);
        }
    }
}
