package io.pagekv.bench.kv;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.DirectBufferProxy;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * LMDB through lmdbjava in its fastest documented configuration, the one lmdbjava's own
 * benchmarks use: Agrona {@link DirectBuffer}s through {@link DirectBufferProxy#PROXY_DB},
 * zero-copy reads, one read transaction per batch of gets, values written in place with
 * {@code reserve}. Without sync the environment is opened with {@link EnvFlags#MDB_NOSYNC}:
 * commits are written to the map but not forced.
 */
final class LmdbStore implements KvStore
{
    /** Virtual address space for the map; the file only grows as pages are used. */
    private static final long MAP_SIZE = 64L << 30;

    private final Env<DirectBuffer> env;
    private final Dbi<DirectBuffer> dbi;

    LmdbStore(final Path dir, final StoreSpec spec)
    {
        final EnvFlags[] flags = spec.sync() ? new EnvFlags[0] : new EnvFlags[] {EnvFlags.MDB_NOSYNC};
        env = Env.create(DirectBufferProxy.PROXY_DB).setMapSize(MAP_SIZE).setMaxDbs(1).setMaxReaders(64).open(dir.toFile(), flags);
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
        private final UnsafeBuffer key = new UnsafeBuffer(ByteBuffer.allocateDirect(Keys.SIZE));
        private Txn<DirectBuffer> txn;

        @Override
        public void begin()
        {
            txn = env.txnRead();
        }

        @Override
        public long get(final long k)
        {
            key.putLong(0, k, ByteOrder.BIG_ENDIAN);
            final DirectBuffer value = dbi.get(txn, key);
            return value == null ? MISSING : ValueDigest.of(value, 0, value.capacity());
        }

        @Override
        public long scan()
        {
            long digest = 0;
            try (Cursor<DirectBuffer> cursor = dbi.openCursor(txn))
            {
                for (boolean more = cursor.first(); more; more = cursor.next())
                {
                    final DirectBuffer value = cursor.val();
                    digest = ScanDigest.next(digest, cursor.key().getLong(0, ByteOrder.BIG_ENDIAN), ValueDigest.of(value, 0, value.capacity()));
                }
            }
            return digest;
        }

        @Override
        public long scanTouch()
        {
            long digest = 0;
            try (Cursor<DirectBuffer> cursor = dbi.openCursor(txn))
            {
                for (boolean more = cursor.first(); more; more = cursor.next())
                {
                    digest = ScanDigest.touch(digest, cursor.val().getByte(0));
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
        private final UnsafeBuffer key = new UnsafeBuffer(ByteBuffer.allocateDirect(Keys.SIZE));
        private Txn<DirectBuffer> txn;

        @Override
        public void begin()
        {
            txn = env.txnWrite();
        }

        @Override
        public void put(final long k, final byte[] value)
        {
            key.putLong(0, k, ByteOrder.BIG_ENDIAN);
            // DirectBufferProxy hands out UnsafeBuffers, writable over the reserved space in the map.
            ((MutableDirectBuffer)dbi.reserve(txn, key, value.length)).putBytes(0, value);
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
