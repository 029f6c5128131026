package io.pagekv.bench.kv;

import org.agrona.concurrent.UnsafeBuffer;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

import java.nio.file.Path;
import java.util.Map;

/**
 * MapDB's {@link BTreeMap} as its documentation recommends for speed: memory-mapped file with
 * the cleaner hack, byte-array serializers, values outside the nodes when they are large. With
 * sync the write-ahead log is on and each {@link DB#commit()} forces it; without, commits do
 * not force ({@code fileSyncDisable}).
 */
final class MapDbStore implements KvStore
{
    /** Values at least this large are stored outside the B-tree nodes. */
    private static final int OUTSIDE_NODES = 1024;

    private final DB db;
    private final BTreeMap<byte[], byte[]> map;

    MapDbStore(final Path dir, final StoreSpec spec)
    {
        final DBMaker.Maker maker = DBMaker.fileDB(dir.resolve("kv.mapdb").toFile())
            .fileMmapEnable().fileMmapPreclearDisable().cleanerHackEnable();
        db = (spec.sync() ? maker.transactionEnable() : maker.fileSyncDisable()).make();
        final DB.TreeMapMaker<byte[], byte[]> tree = db.treeMap("kv", Serializer.BYTE_ARRAY, Serializer.BYTE_ARRAY);
        map = (spec.valueSize() >= OUTSIDE_NODES ? tree.valuesOutsideNodesEnable() : tree).createOrOpen();
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
        db.close();
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
            for (final Map.Entry<byte[], byte[]> entry : map.entrySet())
            {
                digest = ScanDigest.next(digest, Keys.decode(entry.getKey()), digest(entry.getValue()));
            }
            return digest;
        }

        @Override
        public long scanTouch()
        {
            long digest = 0;
            for (final byte[] value : map.values())
            {
                digest = ScanDigest.touch(digest, value[0]);
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
            map.put(Keys.encode(k), value);
        }

        @Override
        public void commit()
        {
            db.commit();
        }

        @Override
        public void close()
        {
        }
    }
}
