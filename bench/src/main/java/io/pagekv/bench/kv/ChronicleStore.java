package io.pagekv.bench.kv;

import net.openhft.chronicle.map.ChronicleMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Chronicle Map persisted to a file, sized up front for the expected entries as its
 * documentation requires, with a constant 8-byte key size and {@code getUsing} into a reused
 * array so that gets do not allocate. It has no transactions: a writer's puts are visible at
 * once and a commit does nothing. It keeps no key order and cannot force its file.
 */
final class ChronicleStore implements KvStore
{
    /** Head room over the expected entries, as Chronicle Map cannot grow without bound. */
    private static final double SIZE_MARGIN = 1.25;
    /** Smallest map created, so that tiny data sets still get a working layout. */
    private static final long MIN_ENTRIES = 100;

    private final ChronicleMap<byte[], byte[]> map;

    ChronicleStore(final Path dir, final StoreSpec spec)
    {
        try
        {
            map = ChronicleMap.of(byte[].class, byte[].class)
                .name("kv")
                .constantKeySizeBySample(new byte[Keys.SIZE])
                .averageValueSize(spec.valueSize())
                .entries(Math.max(MIN_ENTRIES, (long)(spec.entries() * SIZE_MARGIN)))
                .createPersistedTo(dir.resolve("kv.chronicle").toFile());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open Chronicle Map in " + dir, ex);
        }
    }

    @Override
    public KvReader reader()
    {
        return new Reader();
    }

    @Override
    public KvWriter writer()
    {
        return new Writer();
    }

    @Override
    public void close()
    {
        map.close();
    }

    private final class Reader implements KvReader
    {
        private final byte[] key = new byte[Keys.SIZE];
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        private byte[] using = new byte[0];

        @Override
        public void begin()
        {
        }

        @Override
        public long get(final long k)
        {
            final byte[] value = map.getUsing(Keys.encode(k, key), using);
            if (value == null)
            {
                return MISSING;
            }
            using = value;
            view.wrap(value);
            return ValueDigest.of(view, 0, value.length);
        }

        @Override
        public long scan()
        {
            throw new UnsupportedOperationException(Engine.CHRONICLE.noOrderedScan());
        }

        @Override
        public long scanTouch()
        {
            return scan();
        }

        @Override
        public void end()
        {
        }

        @Override
        public void close()
        {
        }
    }

    private final class Writer implements KvWriter
    {
        private final byte[] key = new byte[Keys.SIZE];

        @Override
        public void begin()
        {
        }

        @Override
        public void put(final long k, final byte[] value)
        {
            map.put(Keys.encode(k, key), value);
        }

        @Override
        public void commit()
        {
        }

        @Override
        public void close()
        {
        }
    }
}
