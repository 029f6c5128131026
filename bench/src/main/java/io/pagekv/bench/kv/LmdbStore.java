package io.pagekv.bench.kv;

import org.agrona.concurrent.UnsafeBuffer;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * LMDB through lmdbjava as its documentation recommends for speed: direct {@link ByteBuffer}s
 * with the optimal (Unsafe) proxy, zero-copy reads, one read transaction per batch of gets,
 * values written in place with {@code reserve}. Without sync the environment is opened with
 * {@link EnvFlags#MDB_NOSYNC}: commits are written to the map but not forced.
 */
final class LmdbStore implements KvStore
{
    /** Virtual address space for the map; the file only grows as pages are used. */
    private static final long MAP_SIZE = 64L << 30;

    private final Env<ByteBuffer> env;
    private final Dbi<ByteBuffer> dbi;

    LmdbStore(final Path dir, final StoreSpec spec)
    {
        final EnvFlags[] flags = spec.sync() ? new EnvFlags[0] : new EnvFlags[] {EnvFlags.MDB_NOSYNC};
        env = Env.create().setMapSize(MAP_SIZE).setMaxDbs(1).setMaxReaders(64).open(dir.toFile(), flags);
        dbi = env.openDbi("kv", DbiFlags.MDB_CREATE);
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
        dbi.close();
        env.close();
    }

    private final class Reader implements KvReader
    {
        private final ByteBuffer key = ByteBuffer.allocateDirect(Keys.SIZE);
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        private Txn<ByteBuffer> txn;

        @Override
        public void begin()
        {
            txn = env.txnRead();
        }

        @Override
        public long get(final long k)
        {
            key.putLong(0, k);
            final ByteBuffer value = dbi.get(txn, key);
            return value == null ? MISSING : digest(value);
        }

        private long digest(final ByteBuffer value)
        {
            view.wrap(value, value.position(), value.remaining());
            return ValueDigest.of(view, 0, view.capacity());
        }

        @Override
        public long scan()
        {
            long digest = 0;
            try (Cursor<ByteBuffer> cursor = dbi.openCursor(txn))
            {
                for (boolean more = cursor.first(); more; more = cursor.next())
                {
                    final ByteBuffer k = cursor.key();
                    digest = ScanDigest.next(digest, k.getLong(k.position()), digest(cursor.val()));
                }
            }
            return digest;
        }

        @Override
        public void end()
        {
            txn.close();
            txn = null;
        }

        @Override
        public void close()
        {
            if (txn != null)
            {
                end();
            }
        }
    }

    private final class Writer implements KvWriter
    {
        private final ByteBuffer key = ByteBuffer.allocateDirect(Keys.SIZE);
        private Txn<ByteBuffer> txn;

        @Override
        public void begin()
        {
            txn = env.txnWrite();
        }

        @Override
        public void put(final long k, final byte[] value)
        {
            key.putLong(0, k);
            dbi.reserve(txn, key, value.length).put(value);
        }

        @Override
        public void commit()
        {
            txn.commit();
            txn.close();
            txn = null;
        }

        @Override
        public void close()
        {
            if (txn != null)
            {
                txn.close();
                txn = null;
            }
        }
    }
}
