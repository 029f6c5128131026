package io.pagekv;

import io.pagekv.page.SegmentFiles;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retired segment files reused as new segments (decision 59): a compacting store whose log moves
 * through many small segments, with snapshots held across commits, reads as a {@code TreeMap}
 * model after every commit, in every snapshot until it closes, and after a reopen; each reuse the
 * store counts shows as a file seen before under another name (its inode); a close leaves no
 * spare behind.
 */
class SegmentReuseProperties
{
    private static final StoreOptions OPTIONS = StoreOptions.defaults().withSegmentSize(64 << 10).withDurability(Durability.ASYNC);
    private static final int KEYS = 200;

    /** One commit's changes, and how many commits a snapshot opened after it stays open (0: none). */
    record Commit(List<ModelChanges.Change> changes, int holdFor)
    {
    }

    /** A snapshot held across commits, with what the model held when it opened. */
    private record Held(Snapshot snapshot, NavigableMap<byte[], byte[]> model, int closeAfter)
    {
    }

    @Provide
    Arbitrary<List<Commit>> commits()
    {
        final Arbitrary<ModelChanges.Change> change = Combinators.combine(Arbitraries.integers().between(0, KEYS - 1),
            Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(-1)), Tuple.of(6, Arbitraries.integers().between(0, 600)),
                Tuple.of(1, Arbitraries.integers().between(2000, 9000)))).as(ModelChanges.Change::new);
        final Arbitrary<Integer> hold = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 8)));
        return Combinators.combine(change.list().ofMinSize(20).ofMaxSize(60), hold).as(Commit::new).list().ofMinSize(40).ofMaxSize(80);
    }

    @Property(tries = 12)
    void retiredFilesBecomeNewSegmentsAndEveryReaderSeesItsModel(@ForAll("commits") final List<Commit> commits) throws IOException
    {
        final Path dir = Files.createTempDirectory("segment-reuse");
        try
        {
            final NavigableMap<byte[], byte[]> model = load(dir, commits);
            try (Store store = Store.open(dir, OPTIONS); Snapshot snapshot = store.snapshot())
            {
                TestStores.assertSameContents(snapshot, model);
                assertTrue(store.spaceUsage().segments().stream().noneMatch(s -> s.spare() || s.retired()), () -> store.spaceUsage().toString());
                TestStores.assertClean(store);
            }
        }
        finally
        {
            LazySegmentsProperties.deleteTree(dir);
        }
    }

    /** Runs the commits against a model, checking after each; returns the model. */
    private static NavigableMap<byte[], byte[]> load(final Path dir, final List<Commit> commits) throws IOException
    {
        final NavigableMap<byte[], byte[]> model = TestStores.model();
        final Map<Long, String> nameByInode = new HashMap<>();
        int reusesSeen = 0;
        try (Store store = Store.open(dir, OPTIONS))
        {
            final Deque<Held> held = new ArrayDeque<>();
            for (int i = 0; i < commits.size(); i++)
            {
                final Commit commit = commits.get(i);
                ModelChanges.apply(store, model, commit.changes(), i);
                reusesSeen += inodesSeenUnderAnotherName(dir, nameByInode);
                if (commit.holdFor() > 0)
                {
                    held.add(new Held(store.snapshot(), copy(model), i + commit.holdFor()));
                }
                closeDue(held, i);
                assertTrue(store.spaceUsage().spareSegments() <= 4, () -> store.spaceUsage().toString());
                for (final Map.Entry<byte[], byte[]> entry : model.entrySet())
                {
                    assertArrayEquals(entry.getValue(), store.get(entry.getKey()));
                }
            }
            closeDue(held, Integer.MAX_VALUE);
            TestStores.assertClean(store);
            final long reused = store.engine().segments().recycledCount();
            // The file system may also give a deleted file's inode number to a new file: at least.
            assertTrue(reusesSeen >= reused, "reused " + reused + " files, seen " + reusesSeen + " under a new name");
            assertTrue(reused > 0, "the load retired files and reused none");
        }
        return model;
    }

    private static void closeDue(final Deque<Held> held, final int commit)
    {
        held.removeIf(h ->
        {
            if (h.closeAfter() > commit)
            {
                return false;
            }
            TestStores.assertSameContents(h.snapshot(), h.model());
            h.snapshot().close();
            return true;
        });
    }

    /**
     * @return how many segment files in the directory carry an inode seen before under another
     * name; remembers each file's inode under its name.
     */
    private static int inodesSeenUnderAnotherName(final Path dir, final Map<Long, String> nameByInode) throws IOException
    {
        int seen = 0;
        for (final int number : SegmentFiles.list(dir))
        {
            final Path file = SegmentFiles.path(dir, number);
            final long inode = (Long)Files.getAttribute(file, "unix:ino");
            final String name = file.getFileName().toString();
            final String before = nameByInode.put(inode, name);
            if (before != null && !before.equals(name))
            {
                seen++;
            }
        }
        return seen;
    }

    private static NavigableMap<byte[], byte[]> copy(final NavigableMap<byte[], byte[]> model)
    {
        final NavigableMap<byte[], byte[]> copy = new TreeMap<>(model.comparator());
        copy.putAll(model);
        return copy;
    }
}
