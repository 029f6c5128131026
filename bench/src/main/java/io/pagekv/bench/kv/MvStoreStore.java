package io.pagekv.bench.kv;

import org.agrona.concurrent.UnsafeBuffer;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;

import java.nio.file.Path;

/**
 * H2 MVStore with byte-array keys and values (no object serialization), auto-commit off so that
 * each batch is one {@link MVStore#commit()}, a 256 MiB page cache; with sync, each commit is
 * followed by {@link MVStore#sync()}. MVStore has no transactions at this level: reads see
 * the map as it is, which is what its documentation offers for speed. With
 * {@link StoreSpec#backgroundHousekeeping()} auto-commit stays on (the default), so that its
 * background thread compacts the file as MVStore does by default.
 */
final class MvStoreStore implements KvStore
{
    private static final int CACHE_MIB = 256;

    private final MVStore store;
    private final MVMap<byte[], byte[]> map;
    private final boolean sync;

    MvStoreStore(final Path dir, final StoreSpec spec)
    {
        final MVStore.Builder builder = new MVStore.Builder().fileName(dir.resolve("kv.mv.db").toString()).cacheSize(CACHE_MIB);
        // Its background thread (auto-commit every second by default) is what auto-compacts the file.
        store = (spec.backgroundHousekeeping() ? builder : builder.autoCommitDisabled()).open();
        map = store.openMap("kv", new MVMap.Builder<byte[], byte[]>()
            .keyType(UnsignedBytesType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        sync = spec.sync();
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
        store.close();
    }

    private final class Reader implements KvReader
    {
        private final byte[] key = new byte[Keys.SIZE];
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

        @Override
        public void begin()
        {
        }

        @Override
        public long get(final long k)
        {
            final byte[] value = map.get(Keys.encode(k, key));
            return value == null ? MISSING : digest(value);
        }

        private long digest(final byte[] value)
        {
            view.wrap(value);
            return ValueDigest.of(view, 0, value.length);
        }

        @Override
        public long scan()
        {
            long digest = 0;
            final Cursor<byte[], byte[]> cursor = map.cursor(null);
            while (cursor.hasNext())
            {
                final long k = Keys.decode(cursor.next());
                digest = ScanDigest.next(digest, k, digest(cursor.getValue()));
            }
            return digest;
        }

        @Override
        public long scanTouch()
        {
            long digest = 0;
            final Cursor<byte[], byte[]> cursor = map.cursor(null);
            while (cursor.hasNext())
            {
                cursor.next();
                digest = ScanDigest.touch(digest, cursor.getValue()[0]);
            }
            return digest;
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
        @Override
        public void begin()
        {
        }

        @Override
        public void put(final long k, final byte[] value)
        {
            // The map keeps the arrays it is given until they are written, so each entry needs its own.
            map.put(Keys.encode(k), value.clone());
        }

        @Override
        public void commit()
        {
            store.commit();
            if (sync)
            {
                store.sync();
            }
        }

        @Override
        public void close()
        {
        }
    }
}
