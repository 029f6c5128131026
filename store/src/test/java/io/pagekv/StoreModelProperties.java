package io.pagekv;

import io.pagekv.audit.AuditKind;
import io.pagekv.audit.AuditVetoException;
import org.agrona.DirectBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stateful property: random sequences of puts, deletes, commits, aborts, reads, range scans,
 * reopens and crashes, run against the store and a {@code TreeMap} model side by side. The
 * checker runs after every commit. jqwik prints the seed and the shrunk sequence of a failure.
 */
class StoreModelProperties
{
    sealed interface Op permits Put, Delete, PutRun, DeleteRun, Commit, Abort, Get, Scan, Reopen, Crash, Compact, Hold, Release,
        TypedPut, TypedGet, Backup
    {
    }

    /** A put; {@code policy} 0 uses the store's compression policy, 1 none, 2 compresses whenever it saves anything. */
    record Put(byte[] key, byte[] value, int policy) implements Op
    {
        @Override
        public String toString()
        {
            return "Put(" + java.util.Arrays.toString(key) + ", " + value.length + " bytes, policy " + policy + ")";
        }
    }

    /** A put through the typed facade (a string of the value's bytes as ISO-8859-1). */
    record TypedPut(byte[] key, byte[] value) implements Op
    {
        @Override
        public String toString()
        {
            return "TypedPut(" + java.util.Arrays.toString(key) + ", " + value.length + " bytes)";
        }
    }

    /** A typed read of the head and of a fresh snapshot, through the read cache, twice. */
    record TypedGet(byte[] key) implements Op
    {
        @Override
        public String toString()
        {
            return "TypedGet(" + java.util.Arrays.toString(key) + ")";
        }
    }

    /** Every byte as the char of the same number: a bijection, so typed values equal the model's bytes. */
    static final class Latin1Codec implements io.pagekv.codec.Codec<String>
    {
        static final Latin1Codec INSTANCE = new Latin1Codec();

        @Override
        public int encode(final String value, final org.agrona.MutableDirectBuffer buffer, final int offset)
        {
            for (int i = 0; i < value.length(); i++)
            {
                buffer.putByte(offset + i, (byte)value.charAt(i));
            }
            return value.length();
        }

        @Override
        public String decode(final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        static String of(final byte[] bytes)
        {
            return bytes == null ? null : new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    private static final CompressionPolicy[] PUT_POLICIES = {null, CompressionPolicy.off(), CompressionPolicy.lz4(0, 0)};

    record Delete(byte[] key) implements Op
    {
        @Override
        public String toString()
        {
            return "Delete(" + java.util.Arrays.toString(key) + ")";
        }
    }

    /** Puts {@code count} consecutive keys: with a long common prefix they make branches of few keys, so trees grow deep. */
    record PutRun(boolean longKeys, int start, int count, int valueSize) implements Op
    {
        byte[] key(final int i)
        {
            return runKey(longKeys, start + i);
        }
    }

    record DeleteRun(boolean longKeys, int start, int count) implements Op
    {
    }

    static byte[] runKey(final boolean longKeys, final int i)
    {
        final byte[] key = new byte[longKeys ? 600 : 3];
        java.util.Arrays.fill(key, (byte)0x7A);
        key[key.length - 2] = (byte)(i >>> 8);
        key[key.length - 1] = (byte)i;
        return key;
    }

    record Commit() implements Op
    {
    }

    record Abort() implements Op
    {
    }

    record Get(byte[] key) implements Op
    {
        @Override
        public String toString()
        {
            return "Get(" + java.util.Arrays.toString(key) + ")";
        }
    }

    record Scan(byte[] from, byte[] to, Order order) implements Op
    {
        @Override
        public String toString()
        {
            return "Scan(" + (from == null ? "-" : java.util.Arrays.toString(from)) + ", " +
                (to == null ? "-" : java.util.Arrays.toString(to)) + ", " + order + ")";
        }
    }

    record Reopen() implements Op
    {
    }

    record Crash() implements Op
    {
    }

    /** Compacts the store online; within an open transaction it must be refused. */
    record Compact() implements Op
    {
    }

    /**
     * A hot backup while a transaction may be open and snapshots are held: the copy holds the
     * last commit, verifies clean, and the held snapshots still read what they read.
     */
    record Backup() implements Op
    {
    }

    /** Opens a snapshot and keeps it (with a view of one key) across later steps. */
    record Hold(byte[] key) implements Op
    {
        @Override
        public String toString()
        {
            return "Hold(" + java.util.Arrays.toString(key) + ")";
        }
    }

    /** Checks and closes the oldest held snapshot. */
    record Release() implements Op
    {
    }

    /** A snapshot held across steps, what it must see, and a view it handed out. */
    record Held(Snapshot snapshot, NavigableMap<byte[], byte[]> model, DirectBuffer view, byte[] viewed)
    {
        void check()
        {
            TestStores.assertSameContents(snapshot, model);
            if (view != null)
            {
                final byte[] now = new byte[view.capacity()];
                view.getBytes(0, now);
                assertArrayEquals(viewed, now, "a view of a held snapshot changed");
            }
        }
    }

    private final PropertyDirectories dirs = new PropertyDirectories();

    @Property(tries = 100)
    void storeBehavesLikeSortedMap(@ForAll("operations") final List<Op> ops, @ForAll final CacheMode cacheMode) throws IOException
    {
        check(ops, cacheMode, null);
    }

    /**
     * The same sequences with an audit hook that vetoes puts, deletes and commits at random: the
     * store equals the model of the writes that were not vetoed (a vetoed put or delete leaves its
     * transaction as it was; a vetoed commit aborts it).
     */
    @Property(tries = 60)
    void storeWithVetoingHookHoldsTheWritesNotVetoed(@ForAll("operations") final List<Op> ops, @ForAll final long seed) throws IOException
    {
        check(ops, CacheMode.WEAK, new java.util.Random(seed));
    }

    private static Store open(final Path dir, final StoreOptions options, final java.util.Random vetoes)
    {
        final Store store = Store.open(dir, options);
        if (vetoes != null)
        {
            store.addAuditHook(event ->
            {
                final boolean application = event.kind() != AuditKind.COMMIT || event.puts() + event.deletes() > 0;
                if ((event.kind() == AuditKind.PUT || event.kind() == AuditKind.DELETE || event.kind() == AuditKind.COMMIT) &&
                    application && vetoes.nextInt(8) == 0)
                {
                    throw new SecurityException("vetoed at random");
                }
            });
        }
        return store;
    }

    /** @return whether the write was done; false if the hook vetoed it. */
    private static boolean unlessVetoed(final Runnable write, final java.util.Random vetoes)
    {
        try
        {
            write.run();
            return true;
        }
        catch (final AuditVetoException ex)
        {
            assertTrue(vetoes != null, "a veto without a hook");
            Statistics.label("audit").collect(ex.kind());
            return false;
        }
    }

    private void check(final List<Op> ops, final CacheMode cacheMode, final java.util.Random vetoes) throws IOException
    {
        final Path base = dirs.create("pagekv-model");
        final StoreOptions options = StoreOptions.defaults().withSegmentSize(StoreOptions.MIN_SEGMENT_SIZE).withCheckpointBytes(32 << 10)
            .withCompaction(CompactionPolicy.of(1.0, 1.05)).withCompression(CompressionPolicy.lz4(100, 10))
            .withValueCache(cacheMode).withValueCacheHotSet(4);
        Statistics.label("cache").collect(cacheMode);
        Path dir = base.resolve("s0");
        int generation = 0;
        int backups = 0;
        Store store = open(dir, options, vetoes);
        final NavigableMap<byte[], byte[]> committed = TestStores.model();
        NavigableMap<byte[], byte[]> pending = null;
        WriteTxn txn = null;
        final java.util.ArrayDeque<Held> held = new java.util.ArrayDeque<>();
        try
        {
            for (final Op op : ops)
            {
                if (op instanceof Put put)
                {
                    if (txn == null)
                    {
                        txn = store.beginWrite();
                        pending = copy(committed);
                    }
                    final WriteTxn writing = txn;
                    final Runnable write = put.policy() == 0 ? () -> writing.put(put.key(), put.value()) :
                        () -> writing.put(put.key(), put.value(), PUT_POLICIES[put.policy()]);
                    if (unlessVetoed(write, vetoes))
                    {
                        pending.put(put.key(), put.value());
                    }
                }
                else if (op instanceof TypedPut put)
                {
                    if (txn == null)
                    {
                        txn = store.beginWrite();
                        pending = copy(committed);
                    }
                    final TypedWriteTxn<byte[], String> typed = new TypedWriteTxn<>(txn, io.pagekv.codec.Codecs.bytes(), Latin1Codec.INSTANCE);
                    if (unlessVetoed(() -> typed.put(put.key(), Latin1Codec.of(put.value())), vetoes))
                    {
                        pending.put(put.key(), put.value());
                    }
                }
                else if (op instanceof TypedGet get)
                {
                    final TypedStore<byte[], String> typed = store.typed(io.pagekv.codec.Codecs.bytes(), Latin1Codec.INSTANCE);
                    if (txn != null)
                    {
                        assertEquals(Latin1Codec.of(pending.get(get.key())),
                            new TypedWriteTxn<>(txn, io.pagekv.codec.Codecs.bytes(), Latin1Codec.INSTANCE).get(get.key()));
                    }
                    for (int i = 0; i < 2; i++)
                    {
                        assertEquals(Latin1Codec.of(committed.get(get.key())), typed.get(get.key()));
                        try (TypedSnapshot<byte[], String> snap = typed.snapshot())
                        {
                            assertEquals(Latin1Codec.of(committed.get(get.key())), snap.get(get.key()));
                        }
                    }
                }
                else if (op instanceof Delete delete)
                {
                    if (txn == null)
                    {
                        txn = store.beginWrite();
                        pending = copy(committed);
                    }
                    final WriteTxn writing = txn;
                    final NavigableMap<byte[], byte[]> model = pending;
                    if (unlessVetoed(() -> assertEquals(model.containsKey(delete.key()), writing.delete(delete.key())), vetoes))
                    {
                        model.remove(delete.key());
                    }
                }
                else if (op instanceof PutRun run)
                {
                    if (txn == null)
                    {
                        txn = store.beginWrite();
                        pending = copy(committed);
                    }
                    for (int i = 0; i < run.count(); i++)
                    {
                        final byte[] value = new byte[run.valueSize()];
                        java.util.Arrays.fill(value, (byte)i);
                        final WriteTxn writing = txn;
                        final byte[] key = run.key(i);
                        if (unlessVetoed(() -> writing.put(key, value), vetoes))
                        {
                            pending.put(key, value);
                        }
                    }
                }
                else if (op instanceof DeleteRun run)
                {
                    if (txn == null)
                    {
                        txn = store.beginWrite();
                        pending = copy(committed);
                    }
                    for (int i = 0; i < run.count(); i++)
                    {
                        final byte[] key = runKey(run.longKeys(), run.start() + i);
                        final WriteTxn writing = txn;
                        final NavigableMap<byte[], byte[]> model = pending;
                        if (unlessVetoed(() -> assertEquals(model.containsKey(key), writing.delete(key)), vetoes))
                        {
                            model.remove(key);
                        }
                    }
                }
                else if (op instanceof Commit)
                {
                    if (txn != null)
                    {
                        final WriteTxn committing = txn;
                        txn = null;
                        if (unlessVetoed(committing::commit, vetoes))
                        {
                            committed.clear();
                            committed.putAll(pending);
                        }
                        TestStores.assertClean(store);
                    }
                }
                else if (op instanceof Abort)
                {
                    if (txn != null)
                    {
                        txn.abort();
                        txn = null;
                    }
                }
                else if (op instanceof Get get)
                {
                    if (txn != null)
                    {
                        assertArrayEquals(pending.get(get.key()), txn.get(get.key()));
                    }
                    try (Snapshot snap = store.snapshot())
                    {
                        assertArrayEquals(committed.get(get.key()), snap.get(get.key()));
                    }
                }
                else if (op instanceof Scan scan)
                {
                    checkScan(store, committed, scan);
                }
                else if (op instanceof Compact)
                {
                    if (txn != null)
                    {
                        assertThrows(IllegalStateException.class, store::compact, "compaction inside an open transaction");
                        final WriteTxn committing = txn;
                        txn = null;
                        if (unlessVetoed(committing::commit, vetoes))
                        {
                            committed.clear();
                            committed.putAll(pending);
                        }
                    }
                    {
                        final CompactionReport report = store.compact();
                        Statistics.label("compaction").collect(report.segmentsRetired() == 0 ? "nothing to retire" : "retired");
                        TestStores.assertClean(store);
                        try (Snapshot snap = store.snapshot())
                        {
                            TestStores.assertSameContents(snap, committed);
                        }
                    }
                    for (final Held h : held)
                    {
                        h.check();
                    }
                }
                else if (op instanceof Backup)
                {
                    final Path copy = base.resolve("backup-" + generation + "-" + backups++);
                    final BackupReport report = store.backup(copy);
                    assertEquals(committed.size(), report.entries(), "the backup copies the last commit");
                    try (Store restored = Store.openReadOnly(copy); Snapshot snap = restored.snapshot())
                    {
                        TestStores.assertClean(restored);
                        TestStores.assertSameContents(snap, committed);
                    }
                    for (final Held h : held)
                    {
                        h.check();
                    }
                }
                else if (op instanceof Hold hold)
                {
                    if (held.size() < 3)
                    {
                        final Snapshot snap = store.snapshot();
                        final DirectBuffer view = snap.view(hold.key());
                        final byte[] viewed = view == null ? null : new byte[view.capacity()];
                        if (view != null)
                        {
                            view.getBytes(0, viewed);
                        }
                        assertArrayEquals(committed.get(hold.key()), viewed);
                        held.add(new Held(snap, copy(committed), view, viewed));
                    }
                }
                else if (op instanceof Release)
                {
                    final Held oldest = held.poll();
                    if (oldest != null)
                    {
                        oldest.check();
                        oldest.snapshot().close();
                    }
                }
                else if (op instanceof Reopen || op instanceof Crash)
                {
                    if (txn != null)
                    {
                        txn.abort();
                        txn = null;
                    }
                    for (final Held h : held)
                    {
                        h.check();
                        h.snapshot().close();
                    }
                    held.clear();
                    if (op instanceof Crash)
                    {
                        final Path image = base.resolve("s" + (++generation));
                        TestStores.crashImage(dir, image);
                        store.close();
                        dir = image;
                    }
                    else
                    {
                        store.close();
                    }
                    store = open(dir, options, vetoes);
                    try (Snapshot snap = store.snapshot())
                    {
                        TestStores.assertSameContents(snap, committed);
                    }
                }
            }
            if (txn != null)
            {
                txn.abort();
                txn = null;
            }
            for (final Held h : held)
            {
                h.check();
                h.snapshot().close();
            }
            try (Snapshot snap = store.snapshot())
            {
                TestStores.assertSameContents(snap, committed);
                Statistics.label("entries at the end").collect(snap.count() < 50 ? "<50" : snap.count() < 200 ? "50..199" : ">=200");
                Statistics.label("tree depth").collect(store.info().treeDepth());
            }
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

    private static void checkScan(final Store store, final NavigableMap<byte[], byte[]> committed, final Scan scan)
    {
        if (scan.from() != null && scan.to() != null && java.util.Arrays.compareUnsigned(scan.from(), scan.to()) > 0)
        {
            return;
        }
        NavigableMap<byte[], byte[]> expected = committed;
        if (scan.from() != null)
        {
            expected = expected.tailMap(scan.from(), true);
        }
        if (scan.to() != null)
        {
            expected = expected.headMap(scan.to(), false);
        }
        if (scan.order() == Order.DESCENDING)
        {
            expected = expected.descendingMap();
        }
        try (Snapshot snap = store.snapshot(); Cursor cursor = snap.range(scan.from(), scan.to(), scan.order()))
        {
            for (final Map.Entry<byte[], byte[]> e : expected.entrySet())
            {
                assertTrue(cursor.next(), "scan ended early");
                assertArrayEquals(e.getKey(), cursor.keyBytes());
                assertArrayEquals(e.getValue(), cursor.valueBytes());
            }
            assertTrue(!cursor.next(), "scan returned extra entries");
        }
    }

    private static NavigableMap<byte[], byte[]> copy(final NavigableMap<byte[], byte[]> map)
    {
        final NavigableMap<byte[], byte[]> copy = TestStores.model();
        copy.putAll(map);
        return copy;
    }

    @Provide
    Arbitrary<List<Op>> operations()
    {
        final Arbitrary<byte[]> keys = Arbitraries.oneOf(
            Arbitraries.bytes().between((byte)0, (byte)3).array(byte[].class).ofMinSize(1).ofMaxSize(3),
            Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(40),
            Arbitraries.bytes().array(byte[].class).ofMinSize(300).ofMaxSize(998));
        final Arbitrary<byte[]> values = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.bytes().array(byte[].class).ofMaxSize(60)),
            net.jqwik.api.Tuple.of(3, Arbitraries.bytes().array(byte[].class).ofMinSize(200).ofMaxSize(900)),
            net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(1000).ofMaxSize(30_000)),
            net.jqwik.api.Tuple.of(4, Arbitraries.bytes().between((byte)'a', (byte)'c').array(byte[].class).ofMinSize(50).ofMaxSize(3000)),
            net.jqwik.api.Tuple.of(1, Arbitraries.bytes().between((byte)'a', (byte)'b').array(byte[].class).ofMinSize(3000).ofMaxSize(30_000)));
        final Arbitrary<byte[]> bound = Arbitraries.oneOf(keys, Arbitraries.just(null));
        final Arbitrary<Op> op = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(40, Combinators.combine(keys, values, Arbitraries.integers().between(0, 2)).as(Put::new)),
            net.jqwik.api.Tuple.of(6, Combinators.combine(keys, values).as(TypedPut::new)),
            net.jqwik.api.Tuple.of(6, keys.map(TypedGet::new)),
            net.jqwik.api.Tuple.of(12, keys.map(Delete::new)),
            net.jqwik.api.Tuple.of(3, Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 600),
                Arbitraries.integers().between(1, 300), Arbitraries.of(0, 8, 100, 900, 5000)).as(PutRun::new)),
            net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 600),
                Arbitraries.integers().between(1, 300)).as(DeleteRun::new)),
            net.jqwik.api.Tuple.of(8, Arbitraries.just(new Commit())),
            net.jqwik.api.Tuple.of(2, Arbitraries.just(new Abort())),
            net.jqwik.api.Tuple.of(8, keys.map(Get::new)),
            net.jqwik.api.Tuple.of(4, Combinators.combine(bound, bound, Arbitraries.of(Order.class)).as(Scan::new)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(new Reopen())),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(new Crash())),
            net.jqwik.api.Tuple.of(2, Arbitraries.just(new Compact())),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(new Backup())),
            net.jqwik.api.Tuple.of(2, keys.map(Hold::new)),
            net.jqwik.api.Tuple.of(2, Arbitraries.just(new Release())));
        return op.list().ofMinSize(20).ofMaxSize(300);
    }

    @AfterProperty
    void deleteDirectories()
    {
        dirs.deleteAll();
    }

    @Property(tries = 200)
    void prefixSuccessorBoundsExactlyThePrefix(@ForAll @Size(min = 1, max = 6) final byte[] prefix, @ForAll @Size(max = 8) final byte[] key)
    {
        final byte[] next = Snapshot.successor(prefix);
        final boolean hasPrefix = key.length >= prefix.length &&
            java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
        final boolean inRange = java.util.Arrays.compareUnsigned(key, prefix) >= 0 &&
            (next == null || java.util.Arrays.compareUnsigned(key, next) < 0);
        assertEquals(hasPrefix, inRange);
        boolean allOnes = true;
        for (final byte b : prefix)
        {
            allOnes &= b == (byte)0xFF;
        }
        assertEquals(allOnes, next == null, "only a prefix of 0xFF bytes has no successor");
    }
}
