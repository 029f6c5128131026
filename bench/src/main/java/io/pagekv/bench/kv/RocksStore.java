package io.pagekv.bench.kv;

import org.agrona.concurrent.UnsafeBuffer;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * RocksDB as its tuning guide recommends for point reads and bulk writes: a 256 MiB block
 * cache, a 10-bit bloom filter, LZ4, two background jobs; each batch is one {@link WriteBatch}
 * (write-ahead log on; {@code sync} only when asked); gets go into direct buffers without
 * allocating. With forced commits, pipelined writes are on: RocksDB groups concurrent writers'
 * log writes and syncs by itself, and its tuning guide recommends pipelined writes for
 * concurrent writers with the log on.
 */
final class RocksStore implements KvStore
{
    private static final long CACHE_BYTES = 256L << 20;
    private static final int BLOOM_BITS = 10;
    private static final int BACKGROUND_JOBS = 2;

    static
    {
        RocksDB.loadLibrary();
    }

    private final LRUCache cache;
    private final BloomFilter bloom;
    private final Options options;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;
    private final RocksDB db;
    private final int valueSize;

    RocksStore(final Path dir, final StoreSpec spec)
    {
        cache = new LRUCache(CACHE_BYTES);
        bloom = new BloomFilter(BLOOM_BITS);
        options = new Options()
            .setCreateIfMissing(true)
            .setIncreaseParallelism(BACKGROUND_JOBS)
            .setMaxBackgroundJobs(BACKGROUND_JOBS)
            .setEnablePipelinedWrite(spec.sync())
            .setCompressionType(CompressionType.LZ4_COMPRESSION)
            .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom));
        writeOptions = new WriteOptions().setSync(spec.sync());
        readOptions = new ReadOptions();
        valueSize = spec.valueSize();
        try
        {
            db = RocksDB.open(options, dir.toString());
        }
        catch (final RocksDBException ex)
        {
            closeOptions();
            throw new IllegalStateException("cannot open RocksDB in " + dir, ex);
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
        db.close();
        closeOptions();
    }

    private void closeOptions()
    {
        readOptions.close();
        writeOptions.close();
        options.close();
        bloom.close();
        cache.close();
    }

    private final class Reader implements KvReader
    {
        private final ByteBuffer key = ByteBuffer.allocateDirect(Keys.SIZE);
        private final ByteBuffer value = ByteBuffer.allocateDirect(Math.max(valueSize, 1));
        private final UnsafeBuffer view = new UnsafeBuffer(value);

        @Override
        public void begin()
        {
        }

        @Override
        public long get(final long k)
        {
            key.clear();
            key.putLong(0, k);
            value.clear();
            try
            {
                final int length = db.get(readOptions, key, value);
                return length == RocksDB.NOT_FOUND ? MISSING : ValueDigest.of(view, 0, Math.min(length, value.capacity()));
            }
            catch (final RocksDBException ex)
            {
                throw new IllegalStateException("RocksDB get failed", ex);
            }
        }

        @Override
        public long scan()
        {
            long digest = 0;
            try (RocksIterator iterator = db.newIterator(readOptions))
            {
                for (iterator.seekToFirst(); iterator.isValid(); iterator.next())
                {
                    key.clear();
                    iterator.key(key);
                    value.clear();
                    final int length = iterator.value(value);
                    digest = ScanDigest.next(digest, key.getLong(0), ValueDigest.of(view, 0, Math.min(length, value.capacity())));
                }
            }
            return digest;
        }

        @Override
        public long scanTouch()
        {
            long digest = 0;
            try (RocksIterator iterator = db.newIterator(readOptions))
            {
                for (iterator.seekToFirst(); iterator.isValid(); iterator.next())
                {
                    value.clear();
                    iterator.value(value);
                    digest = ScanDigest.touch(digest, value.get(0));
                }
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
        private final byte[] key = new byte[Keys.SIZE];
        private final WriteBatch batch = new WriteBatch();

        @Override
        public void begin()
        {
            batch.clear();
        }

        @Override
        public void put(final long k, final byte[] value)
        {
            try
            {
                batch.put(Keys.encode(k, key), value);
            }
            catch (final RocksDBException ex)
            {
                throw new IllegalStateException("RocksDB batch put failed", ex);
            }
        }

        @Override
        public void commit()
        {
            try
            {
                db.write(writeOptions, batch);
            }
            catch (final RocksDBException ex)
            {
                throw new IllegalStateException("RocksDB write failed", ex);
            }
            batch.clear();
        }

        @Override
        public void close()
        {
            batch.close();
        }
    }
}
