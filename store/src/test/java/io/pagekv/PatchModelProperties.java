package io.pagekv;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The stateful property of in-place changes: random puts (plain and patchable), patches,
 * counter adds and compare-and-sets, commits, aborts, held snapshots, compactions, reopens and
 * crash images, against a model in which a patchable value is one mutable object shared by every
 * snapshot of the model that reaches it. So the model states the contract: a patch or an
 * increment is seen by every snapshot that shares the value, and by none whose value was replaced
 * since. The checker runs after every commit and at the end.
 */
class PatchModelProperties
{
    private static final int KEYS = 6;

    sealed interface Op permits Put, Patch, Add, Cas, Commit, Abort, Hold, Release, Reopen, Crash, Compact
    {
    }

    /** Puts key {@code key}, patchable or not, with a value of {@code size} bytes filled with {@code fill}. */
    record Put(int key, boolean patchable, int size, byte fill) implements Op
    {
    }

    /** Patches {@code bytes} at {@code offset} (a share of the value's length, in per mille). */
    record Patch(int key, int offsetPerMille, byte[] bytes) implements Op
    {
        @Override
        public String toString()
        {
            return "Patch(" + key + ", " + offsetPerMille + "‰, " + bytes.length + " bytes)";
        }
    }

    record Add(int key, int field, long delta) implements Op
    {
    }

    /** Compare-and-set with the right expected value when {@code hit}, a wrong one otherwise. */
    record Cas(int key, int field, boolean hit, long update) implements Op
    {
    }

    record Commit() implements Op
    {
    }

    record Abort() implements Op
    {
    }

    record Hold() implements Op
    {
    }

    record Release() implements Op
    {
    }

    record Reopen() implements Op
    {
    }

    record Crash() implements Op
    {
    }

    record Compact() implements Op
    {
    }

    /** A stored value in the model: patchable ones are changed in place, so every holder sees it. */
    static final class Version
    {
        final byte[] bytes;
        final boolean patchable;

        Version(final byte[] bytes, final boolean patchable)
        {
            this.bytes = bytes;
            this.patchable = patchable;
        }
    }

    private final PropertyDirectories dirs = new PropertyDirectories();

    @Property(tries = 60)
    void inPlaceChangesMatchTheModel(@ForAll("operations") final List<Op> ops) throws IOException
    {
        final Path base = dirs.create("pagekv-patch-model");
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(StoreOptions.MIN_SEGMENT_SIZE).withCheckpointBytes(32 << 10)
            .withCompaction(CompactionPolicy.of(1.0, 1.05));
        Path dir = base.resolve("s0");
        int generation = 0;
        Store store = Store.open(dir, options);
        final TreeMap<Integer, Version> committed = new TreeMap<>();
        TreeMap<Integer, Version> pending = null;
        WriteTxn txn = null;
        final ArrayDeque<Map.Entry<Snapshot, TreeMap<Integer, Version>>> held = new ArrayDeque<>();
        try
        {
            for (final Op op : ops)
            {
                if (op instanceof Put put)
                {
                    if (txn == null)
                    {
                        txn = store.beginWrite();
                        pending = new TreeMap<>(committed);
                    }
                    final byte[] value = new byte[put.size()];
                    Arrays.fill(value, put.fill());
                    if (put.patchable())
                    {
                        txn.putPatchable(key(put.key()), value);
                    }
                    else
                    {
                        txn.put(key(put.key()), value);
                    }
                    pending.put(put.key(), new Version(value.clone(), put.patchable()));
                }
                else if (op instanceof Patch patch)
                {
                    patch(store, committed.get(patch.key()), patch);
                }
                else if (op instanceof Add add)
                {
                    add(store, committed.get(add.key()), add);
                }
                else if (op instanceof Cas cas)
                {
                    cas(store, committed.get(cas.key()), cas);
                }
                else if (op instanceof Commit && txn != null)
                {
                    txn.commit();
                    txn.close();
                    txn = null;
                    committed.clear();
                    committed.putAll(pending);
                    TestStores.assertClean(store);
                }
                else if (op instanceof Abort && txn != null)
                {
                    txn.abort();
                    txn = null;
                }
                else if (op instanceof Hold)
                {
                    held.add(Map.entry(store.snapshot(), new TreeMap<>(committed)));
                }
                else if (op instanceof Release && !held.isEmpty())
                {
                    final var oldest = held.poll();
                    check(oldest.getKey(), oldest.getValue());
                    oldest.getKey().close();
                }
                else if (op instanceof Compact && txn == null)
                {
                    store.compact();
                }
                else if (op instanceof Reopen || op instanceof Crash)
                {
                    if (txn != null)
                    {
                        txn.abort();
                        txn = null;
                    }
                    for (final var h : held)
                    {
                        check(h.getKey(), h.getValue());
                        h.getKey().close();
                    }
                    held.clear();
                    if (op instanceof Crash)
                    {
                        final Path image = base.resolve("s" + (++generation));
                        TestStores.crashImageInThisBoot(dir, image);
                        store.close();
                        dir = image;
                    }
                    else
                    {
                        store.close();
                    }
                    store = Store.open(dir, options);
                    TestStores.assertClean(store);
                }
                try (Snapshot now = store.snapshot())
                {
                    check(now, committed);
                }
                for (final var h : held)
                {
                    check(h.getKey(), h.getValue());
                }
            }
            if (txn != null)
            {
                txn.abort();
                txn = null;
            }
            for (final var h : held)
            {
                h.getKey().close();
            }
            TestStores.assertClean(store);
        }
        finally
        {
            if (txn != null)
            {
                txn.abort();
            }
            store.close();
        }
    }

    private static void patch(final Store store, final Version version, final Patch patch)
    {
        if (version == null)
        {
            assertEquals(PatchRefusedException.Reason.MISSING_KEY,
                assertThrows(PatchRefusedException.class, () -> store.patch(key(patch.key()), 0, patch.bytes())).reason());
            return;
        }
        final long offset = (long)version.bytes.length * patch.offsetPerMille() / 1000;
        if (!version.patchable)
        {
            assertEquals(PatchRefusedException.Reason.NOT_PATCHABLE,
                assertThrows(PatchRefusedException.class, () -> store.patch(key(patch.key()), offset, patch.bytes())).reason());
        }
        else if (offset + patch.bytes().length > version.bytes.length)
        {
            assertEquals(PatchRefusedException.Reason.OUT_OF_RANGE,
                assertThrows(PatchRefusedException.class, () -> store.patch(key(patch.key()), offset, patch.bytes())).reason());
        }
        else
        {
            store.patch(key(patch.key()), offset, patch.bytes());
            System.arraycopy(patch.bytes(), 0, version.bytes, (int)offset, patch.bytes().length);
        }
    }

    private static void add(final Store store, final Version version, final Add add)
    {
        final long offset = add.field() * 8L;
        final PatchRefusedException.Reason refused = counterRefusal(version, offset);
        if (refused != null)
        {
            assertEquals(refused, assertThrows(PatchRefusedException.class, () -> store.addAndGet(key(add.key()), offset, add.delta())).reason());
            return;
        }
        final ByteBuffer field = ByteBuffer.wrap(version.bytes).order(ByteOrder.LITTLE_ENDIAN);
        final long expected = field.getLong((int)offset) + add.delta();
        assertEquals(expected, store.addAndGet(key(add.key()), offset, add.delta()));
        field.putLong((int)offset, expected);
        assertEquals(expected, store.getLong(key(add.key()), offset));
    }

    private static void cas(final Store store, final Version version, final Cas cas)
    {
        final long offset = cas.field() * 8L;
        final PatchRefusedException.Reason refused = counterRefusal(version, offset);
        if (refused != null)
        {
            assertEquals(refused, assertThrows(PatchRefusedException.class,
                () -> store.compareAndSet(key(cas.key()), offset, 0, cas.update())).reason());
            return;
        }
        final ByteBuffer field = ByteBuffer.wrap(version.bytes).order(ByteOrder.LITTLE_ENDIAN);
        final long current = field.getLong((int)offset);
        final long expected = cas.hit() ? current : current + 1;
        assertEquals(cas.hit(), store.compareAndSet(key(cas.key()), offset, expected, cas.update()));
        if (cas.hit())
        {
            field.putLong((int)offset, cas.update());
        }
    }

    private static PatchRefusedException.Reason counterRefusal(final Version version, final long offset)
    {
        if (version == null)
        {
            return PatchRefusedException.Reason.MISSING_KEY;
        }
        if (!version.patchable)
        {
            return PatchRefusedException.Reason.NOT_PATCHABLE;
        }
        return offset + 8 > version.bytes.length ? PatchRefusedException.Reason.OUT_OF_RANGE : null;
    }

    private static void check(final Snapshot snapshot, final TreeMap<Integer, Version> model)
    {
        for (int k = 0; k < KEYS; k++)
        {
            final Version version = model.get(k);
            assertArrayEquals(version == null ? null : version.bytes, snapshot.get(key(k)), "key " + k);
        }
    }

    private static byte[] key(final int k)
    {
        return new byte[] {'k', (byte)k};
    }

    @Provide
    Arbitrary<List<Op>> operations()
    {
        final Arbitrary<Integer> keys = Arbitraries.integers().between(0, KEYS - 1);
        final Arbitrary<Integer> sizes = Arbitraries.oneOf(Arbitraries.integers().between(0, 64),
            Arbitraries.integers().between(900, 1100), Arbitraries.integers().between(4000, 12000));
        final Arbitrary<Op> put = Combinators.combine(keys, Arbitraries.of(true, true, false), sizes, Arbitraries.bytes()).as(Put::new);
        final Arbitrary<Op> patch = Combinators.combine(keys, Arbitraries.integers().between(0, 1000),
            Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300)).as(Patch::new);
        final Arbitrary<Op> add = Combinators.combine(keys, Arbitraries.integers().between(0, 8),
            Arbitraries.longs().between(-1000, 1000)).as(Add::new);
        final Arbitrary<Op> cas = Combinators.combine(keys, Arbitraries.integers().between(0, 8), Arbitraries.of(true, false),
            Arbitraries.longs()).as(Cas::new);
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, put),
            net.jqwik.api.Tuple.of(6, patch),
            net.jqwik.api.Tuple.of(6, add),
            net.jqwik.api.Tuple.of(2, cas),
            net.jqwik.api.Tuple.of(4, Arbitraries.just(new Commit())),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(new Abort())),
            net.jqwik.api.Tuple.of(2, Arbitraries.just(new Hold())),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(new Release())),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(new Reopen())),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(new Crash())),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(new Compact()))).list().ofMinSize(5).ofMaxSize(60);
    }

    @AfterProperty
    void deleteDirectories()
    {
        dirs.deleteAll();
    }
}
