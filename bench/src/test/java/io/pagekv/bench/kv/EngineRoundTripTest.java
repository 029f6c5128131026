package io.pagekv.bench.kv;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every adapter against a {@link TreeMap} model: random puts in a few transactions, gets of
 * present and absent keys, both ordered scans, and all of it again after a reopen. Catches an
 * adapter that loses writes, reads the wrong bytes or walks keys out of order; and writers of
 * several threads committing forced transactions at once, as the group-commit series runs them.
 */
class EngineRoundTripTest
{
    private static final int KEY_RANGE = 5_000;
    private static final int PUTS = 3_000;
    private static final int PER_COMMIT = 700;
    private static final int CONCURRENT_THREADS = 4;
    private static final int COMMITS_PER_THREAD = 40;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void smallValuesMatchModelBeforeAndAfterReopen(final Engine engine)
    {
        roundTrip(engine, 100, PUTS);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void largeValuesMatchModel(final Engine engine)
    {
        roundTrip(engine, 8192, 200);
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = "CHRONICLE")
    void engineWithoutForceRefusesSync(final Engine engine)
    {
        assertThrows(UnsupportedOperationException.class, () -> engine.open(dir, new StoreSpec(10, 100, true)));
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MAPDB", "CHRONICLE"}, mode = EnumSource.Mode.EXCLUDE)
    void concurrentForcedCommitsOfSeveralThreadsAllLand(final Engine engine) throws InterruptedException
    {
        final TreeMap<Long, byte[]> model = new TreeMap<>();
        final SplittableRandom random = new SplittableRandom(7);
        for (long key = 0; key < CONCURRENT_THREADS * COMMITS_PER_THREAD; key++)
        {
            final byte[] value = new byte[100];
            random.nextBytes(value);
            model.put(key, value);
        }
        try (KvStore store = engine.open(dir, new StoreSpec(KEY_RANGE, 100, true)))
        {
            final List<Throwable> failures = new CopyOnWriteArrayList<>();
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < CONCURRENT_THREADS; t++)
            {
                final long first = (long)t * COMMITS_PER_THREAD;
                final Thread thread = new Thread(() ->
                {
                    try (KvWriter writer = store.writer())
                    {
                        for (long key = first; key < first + COMMITS_PER_THREAD; key++)
                        {
                            writer.begin();
                            writer.put(key, model.get(key));
                            writer.commit();
                        }
                    }
                    catch (final Throwable ex)
                    {
                        failures.add(ex);
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
            assertEquals(List.of(), failures, engine + ": a writer thread failed");
            check(engine, store, model);
        }
        try (KvStore store = engine.open(dir, new StoreSpec(KEY_RANGE, 100, false)))
        {
            check(engine, store, model);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MAPDB", "CHRONICLE"})
    void enginesWithoutTransactionsOfTheirOwnPerThreadSayWhy(final Engine engine)
    {
        assertNotNull(engine.noConcurrentCommits());
    }

    private void roundTrip(final Engine engine, final int valueSize, final int puts)
    {
        final StoreSpec spec = new StoreSpec(KEY_RANGE, valueSize, false);
        final TreeMap<Long, byte[]> model = new TreeMap<>();
        final SplittableRandom random = new SplittableRandom(42);
        try (KvStore store = engine.open(dir, spec); KvWriter writer = store.writer())
        {
            writer.begin();
            for (int i = 1; i <= puts; i++)
            {
                final long key = random.nextLong(KEY_RANGE);
                final byte[] value = new byte[valueSize];
                random.nextBytes(value);
                writer.put(key, value);
                model.put(key, value);
                if (i % PER_COMMIT == 0 || i == puts)
                {
                    writer.commit();
                    writer.begin();
                }
            }
            writer.commit();
            check(engine, store, model);
        }
        try (KvStore store = engine.open(dir, spec))
        {
            check(engine, store, model);
        }
    }

    private static void check(final Engine engine, final KvStore store, final TreeMap<Long, byte[]> model)
    {
        try (KvReader reader = store.reader())
        {
            reader.begin();
            for (long key = 0; key < KEY_RANGE; key++)
            {
                final byte[] value = model.get(key);
                assertEquals(value == null ? KvReader.MISSING : digest(value), reader.get(key), engine + " key " + key);
            }
            if (engine.noOrderedScan() == null)
            {
                long expected = 0;
                long touched = 0;
                for (final Map.Entry<Long, byte[]> entry : model.entrySet())
                {
                    expected = ScanDigest.next(expected, entry.getKey(), digest(entry.getValue()));
                    touched = ScanDigest.touch(touched, entry.getValue()[0]);
                }
                assertEquals(expected, reader.scan(), engine + " scan");
                assertEquals(touched, reader.scanTouch(), engine + " scanTouch");
            }
            else
            {
                assertThrows(UnsupportedOperationException.class, reader::scan);
                assertThrows(UnsupportedOperationException.class, reader::scanTouch);
            }
            reader.end();
        }
    }

    private static long digest(final byte[] value)
    {
        return ValueDigest.of(new UnsafeBuffer(value), 0, value.length);
    }
}
