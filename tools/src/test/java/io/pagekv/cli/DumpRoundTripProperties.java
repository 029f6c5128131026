package io.pagekv.cli;

import io.pagekv.Cursor;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.WriteTxn;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dump, load into a new store, dump again: the two dumps are the same bytes and the new store
 * holds exactly the entries, for random stores with binary keys, empty values and large values,
 * and with the values put patchable patchable again (a version 2 dump; version 1 without one).
 */
class DumpRoundTripProperties
{
    @Property(tries = 40)
    void dumpLoadDumpIsByteIdentical(
        @ForAll("stores") final Map<byte[], byte[]> entries,
        @ForAll final KeyFormat format,
        @ForAll("pageSizes") final int pageSize,
        @ForAll final long patchableSeed)
    {
        final Path root = TempDirs.create();
        try
        {
            final NavigableMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
            model.putAll(entries);
            // A third of the stores have no patchable value; in the others about one value in four is.
            final Random random = new Random(patchableSeed);
            final boolean anyPatchable = random.nextInt(3) > 0;
            final Set<byte[]> patchable = new TreeSet<>(Arrays::compareUnsigned);
            final Path source = root.resolve("source");
            try (Store store = Store.open(source, StoreOptions.defaults().withPageSize(pageSize)); WriteTxn txn = store.beginWrite())
            {
                for (final Map.Entry<byte[], byte[]> e : model.entrySet())
                {
                    if (anyPatchable && random.nextInt(4) == 0)
                    {
                        txn.putPatchable(e.getKey(), e.getValue());
                        patchable.add(e.getKey());
                    }
                    else
                    {
                        txn.put(e.getKey(), e.getValue());
                    }
                }
                txn.commit();
            }
            final Cli.Result first = Cli.run("dump", source.toString(), "--format", format.toString());
            assertEquals(0, first.status(), first::toString);
            final String version = patchable.isEmpty() ? "pagekv-dump 1 " : "pagekv-dump 2 ";
            assertTrue(new String(first.out(), StandardCharsets.UTF_8).startsWith(version), "the dump is not headed '" + version + "'");

            final Path copy = root.resolve("copy");
            final Cli.Result load = Cli.withInput(first.out(), "load", copy.toString(), "--batch", "7");
            assertEquals(0, load.status(), load::toString);

            final Cli.Result second = Cli.run("dump", copy.toString(), "--format", format.toString());
            assertEquals(0, second.status(), second::toString);
            assertArrayEquals(first.out(), second.out(), "second dump differs");
            assertSameEntries(copy, model, patchable, pageSize);
        }
        finally
        {
            TempDirs.delete(root);
        }
    }

    private static void assertSameEntries(
        final Path dir, final NavigableMap<byte[], byte[]> model, final Set<byte[]> patchable, final int pageSize)
    {
        try (Store store = Store.openReadOnly(dir); Snapshot snapshot = store.snapshot(); Cursor cursor = snapshot.range(null, null))
        {
            assertEquals(pageSize, store.pageSize());
            for (final Map.Entry<byte[], byte[]> e : model.entrySet())
            {
                assertTrue(cursor.next());
                assertArrayEquals(e.getKey(), cursor.keyBytes());
                assertArrayEquals(e.getValue(), cursor.valueBytes());
                assertEquals(patchable.contains(e.getKey()), cursor.isPatchable(), "whether the value is patchable");
            }
            assertFalse(cursor.next());
        }
    }

    @Provide
    Arbitrary<Map<byte[], byte[]>> stores()
    {
        final Arbitrary<byte[]> keys = Arbitraries.frequencyOf(
            Tuple.of(5, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(24)),
            Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(400)),
            Tuple.of(2, Arbitraries.strings().alpha().numeric().withChars(":/\\ \t").ofMinLength(1).ofMaxLength(20).map(SampleStores::bytes)));
        final Arbitrary<byte[]> values = Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.just(new byte[0])),
            Tuple.of(10, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)),
            Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(5_000).ofMaxSize(40_000)));
        return Arbitraries.maps(keys, values).ofMaxSize(60);
    }

    @Provide
    Arbitrary<Integer> pageSizes()
    {
        return Arbitraries.of(4096, 8192);
    }
}
