package io.pagekv.bench.kv;

import io.pagekv.CompactionPolicy;
import io.pagekv.CompressionPolicy;
import io.pagekv.Cursor;
import io.pagekv.Durability;
import io.pagekv.Order;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.WriteBatch;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * pagekv through its public API: a snapshot per read batch with zero-copy views (point reads
 * re-point one flyweight, {@link Snapshot#view(DirectBuffer, UnsafeBuffer)}), one {@link WriteBatch}
 * per write transaction ({@link Store#write}: batches of concurrent threads share commits and
 * forces); {@link Durability#SYNC} forces each commit, {@link Durability#ASYNC} does not.
 * The default compaction policy, unless the system property {@value #COMPACTION_PROPERTY} is
 * {@code off}: a fork run with {@code -jvmArgsAppend -Dpagekv.bench.compaction=off} shows what
 * automatic compaction costs.
 */
final class PagekvStore implements KvStore
{
    /** System property: {@code default} (when absent) or {@code off}. */
    static final String COMPACTION_PROPERTY = "pagekv.bench.compaction";

    private final Store store;

    PagekvStore(final Path dir, final StoreSpec spec)
    {
        this(dir, spec, CompressionPolicy.off());
    }

    /**
     * @param compression when puts store values LZ4-compressed.
     */
    PagekvStore(final Path dir, final StoreSpec spec, final CompressionPolicy compression)
    {
        store = Store.open(dir, StoreOptions.defaults().withDurability(spec.sync() ? Durability.SYNC : Durability.ASYNC)
            .withCompaction(compaction()).withCompression(compression));
        AuditSetting.apply(store);
    }

    private static CompactionPolicy compaction()
    {
        final String policy = System.getProperty(COMPACTION_PROPERTY, "default");
        return switch (policy)
        {
            case "default" -> CompactionPolicy.defaults();
            case "off" -> CompactionPolicy.off();
            default -> throw new IllegalArgumentException(COMPACTION_PROPERTY + " is '" + policy + "'; give default or off");
        };
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
        private final UnsafeBuffer keyView = new UnsafeBuffer(key);
        private final UnsafeBuffer value = new UnsafeBuffer(0, 0);
        private Snapshot snapshot;

        @Override
        public void begin()
        {
            snapshot = store.snapshot();
        }

        @Override
        public long get(final long k)
        {
            Keys.encode(k, key);
            return snapshot.view(keyView, value) ? ValueDigest.of(value, 0, value.capacity()) : MISSING;
        }

        @Override
        public long scan()
        {
            long digest = 0;
            try (Cursor cursor = snapshot.range(null, null, Order.ASCENDING))
            {
                while (cursor.next())
                {
                    final DirectBuffer value = cursor.value();
                    digest = ScanDigest.next(digest, cursor.key().getLong(0, ByteOrder.BIG_ENDIAN),
                        ValueDigest.of(value, 0, value.capacity()));
                }
            }
            return digest;
        }

        @Override
        public long scanTouch()
        {
            long digest = 0;
            try (Cursor cursor = snapshot.range(null, null, Order.ASCENDING))
            {
                while (cursor.next())
                {
                    digest = ScanDigest.touch(digest, cursor.value().getByte(0));
                }
            }
            return digest;
        }

        @Override
        public void end()
        {
            snapshot.close();
            snapshot = null;
        }

        @Override
        public void close()
        {
            if (snapshot != null)
            {
                end();
            }
        }
    }

    /** Buffers a transaction's puts in a {@link WriteBatch}; commits write it, sharing commits and forces with other threads' batches. */
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
            batch.put(Keys.encode(k, key), value);
        }

        @Override
        public void commit()
        {
            store.write(batch);
            batch.clear();
        }

        @Override
        public void close()
        {
            batch.clear();
        }
    }
}
