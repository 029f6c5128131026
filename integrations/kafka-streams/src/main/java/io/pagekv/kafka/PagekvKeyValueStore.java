package io.pagekv.kafka;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.pagekv.Order;
import io.pagekv.Snapshot;
import io.pagekv.Store;
import io.pagekv.StoreException;
import io.pagekv.WriteTxn;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.processor.BatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A Kafka Streams key-value store on one pagekv {@link Store}, in
 * {@code <state.dir>/<application.id>/<task>/pagekv/<store name>}.
 *
 * <p>Writes go to a {@link WriteBuffer} in memory; {@link #commit(Map)} (each Kafka Streams
 * commit) moves them into one pagekv transaction, forced to disk with the default
 * {@link io.pagekv.Durability#SYNC}, before Streams writes the changelog offsets of that commit
 * to its checkpoint file. A buffer larger than {@link PagekvSettings#writeBufferBytes()} is
 * committed at once. Reads see the buffer over the last commit. Restoration from the changelog
 * goes through the same buffer, so it is written in transactions of that size. The IQv2
 * {@link Position} is committed in the same transactions ({@link PositionCodec}), so after a
 * restart it matches the data on disk.
 *
 * <p>{@link PagekvTimestampedKeyValueStore} is the same store declaring that its values carry
 * the record timestamp; nothing else extends it.
 *
 * <p>Thread-safe: the stream thread writes, interactive queries read from other threads; every
 * method holds the store's monitor, iterators hold a pagekv snapshot and a copy of the buffered
 * writes of their range, and do not see later writes.
 */
class PagekvKeyValueStore implements KeyValueStore<Bytes, byte[]>
{
    private static final System.Logger LOG = System.getLogger(PagekvKeyValueStore.class.getName());

    private final String name;
    private final PagekvSettings supplied;
    private final OpenIterators iterators = new OpenIterators();
    /** Thread-safe itself; updated by the writer under the monitor, committed with the writes. */
    private final Position position = Position.emptyPosition();
    /** Guarded by this. */
    private final WriteBuffer buffer = new WriteBuffer();
    /** Guarded by this; set by init. */
    private Store store;
    /** Guarded by this; set by init. */
    private PagekvSettings settings;
    /** Set by init before {@link #open} is; read after reading {@link #open}. */
    private StateStoreContext context;
    private volatile boolean open;

    PagekvKeyValueStore(final String name, final PagekvSettings settings)
    {
        this.name = name;
        this.supplied = settings;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public synchronized void init(final StateStoreContext context, final StateStore root)
    {
        this.context = context;
        settings = ConfigSetterLoader.apply(name, supplied, context.appConfigs());
        final Path dir = context.stateDir().toPath().resolve("pagekv").resolve(name);
        try
        {
            Files.createDirectories(dir.getParent());
            store = Store.open(dir, settings.storeOptions());
        }
        catch (final IOException ex)
        {
            throw new ProcessorStateException("cannot create the directory of pagekv store " + name + " in " + dir.getParent(), ex);
        }
        catch (final StoreException ex)
        {
            throw Failures.translate(name, "opening " + dir, ex);
        }
        try
        {
            loadPosition();
        }
        catch (final RuntimeException ex)
        {
            store.close();
            throw ex;
        }
        open = true;
        context.register(root, (BatchingStateRestoreCallback)this::restoreAll);
    }

    private void loadPosition()
    {
        final byte[] stored;
        try
        {
            stored = store.get(PositionCodec.KEY);
        }
        catch (final StoreException ex)
        {
            throw Failures.translate(name, "reading its position", ex);
        }
        if (stored != null)
        {
            final Position committed = PositionCodec.decode(name, stored);
            for (final String topic : committed.getTopics())
            {
                committed.getPartitionPositions(topic).forEach((partition, offset) -> position.withComponent(topic, partition, offset));
            }
        }
    }

    /**
     * Applies a batch of changelog records: a null value deletes. The batch joins the write
     * buffer, which commits when full, so a restore writes large transactions.
     */
    private synchronized void restoreAll(final Collection<KeyValue<byte[], byte[]>> records)
    {
        checkOpen();
        for (final KeyValue<byte[], byte[]> record : records)
        {
            write(Bytes.wrap(record.key), record.value);
        }
        commitIfFull();
    }

    @Override
    public synchronized void put(final Bytes key, final byte[] value)
    {
        checkOpen();
        write(Objects.requireNonNull(key, "key cannot be null"), value);
        trackPosition();
        commitIfFull();
    }

    @Override
    public synchronized byte[] putIfAbsent(final Bytes key, final byte[] value)
    {
        final byte[] existing = get(key);
        if (existing == null)
        {
            put(key, value);
        }
        return existing;
    }

    /**
     * Writes every entry; they reach the disk in one pagekv transaction, at the next commit.
     */
    @Override
    public synchronized void putAll(final List<KeyValue<Bytes, byte[]>> entries)
    {
        checkOpen();
        for (final KeyValue<Bytes, byte[]> entry : entries)
        {
            write(Objects.requireNonNull(entry.key, "key cannot be null"), entry.value);
        }
        trackPosition();
        commitIfFull();
    }

    @Override
    public synchronized byte[] delete(final Bytes key)
    {
        final byte[] existing = get(key);
        put(key, null);
        return existing;
    }

    /**
     * Buffers a write, refusing at once what the commit would refuse: the buffer must never hold
     * a write that makes every later commit fail.
     */
    private void write(final Bytes key, final byte[] value)
    {
        if (key.get().length + 1 > store.maxKeySize())
        {
            throw new ProcessorStateException("pagekv store " + name + ": key of " + key.get().length + " bytes is larger than " +
                (store.maxKeySize() - 1) + " bytes, the largest key of its page size " + store.pageSize() +
                "; give it a larger page size with a PagekvConfigSetter");
        }
        if (value != null && value.length > store.maxValueSize())
        {
            throw new ProcessorStateException("pagekv store " + name + ": value of " + value.length + " bytes is larger than " +
                store.maxValueSize() + " bytes, the largest value pagekv takes");
        }
        if (value == null)
        {
            buffer.delete(key);
        }
        else
        {
            buffer.put(key, value);
        }
    }

    private void trackPosition()
    {
        context.recordMetadata().ifPresent(meta ->
        {
            if (meta.topic() != null)
            {
                position.withComponent(meta.topic(), meta.partition(), meta.offset());
            }
        });
    }

    @Override
    public synchronized byte[] get(final Bytes key)
    {
        checkOpen();
        Objects.requireNonNull(key, "key cannot be null");
        if (buffer.holds(key))
        {
            return buffer.valueOf(key);
        }
        try
        {
            return store.get(KeyRange.stored(key.get()));
        }
        catch (final StoreException ex)
        {
            throw Failures.translate(name, "reading a key", ex);
        }
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(final Bytes from, final Bytes to)
    {
        return iterate(KeyRange.closed(from, to), false);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(final Bytes from, final Bytes to)
    {
        return iterate(KeyRange.closed(from, to), true);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all()
    {
        return iterate(KeyRange.ALL, false);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll()
    {
        return iterate(KeyRange.ALL, true);
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(final P prefix, final PS prefixKeySerializer)
    {
        Objects.requireNonNull(prefix, "prefix cannot be null");
        Objects.requireNonNull(prefixKeySerializer, "prefixKeySerializer cannot be null");
        return iterate(KeyRange.prefix(prefixKeySerializer.serialize(null, prefix)), false);
    }

    private synchronized KeyValueIterator<Bytes, byte[]> iterate(final KeyRange range, final boolean descending)
    {
        checkOpen();
        final List<Map.Entry<Bytes, byte[]>> writes = range.isInverted() ? List.of() : buffer.copyOf(range, descending);
        final Snapshot snapshot;
        try
        {
            snapshot = store.snapshot();
        }
        catch (final StoreException ex)
        {
            throw Failures.translate(name, "opening a snapshot", ex);
        }
        try
        {
            final MergedIterator iterator = new MergedIterator(name, writes, snapshot,
                snapshot.range(range.storedFrom(), range.storedTo(), descending ? Order.DESCENDING : Order.ASCENDING), descending, iterators);
            iterators.add(iterator);
            return iterator;
        }
        catch (final StoreException ex)
        {
            snapshot.close();
            throw Failures.translate(name, "opening a cursor", ex);
        }
    }

    /**
     * @return the committed entries plus the buffered writes, so a key written since the last
     *         commit may count twice and a buffered delete not at all.
     */
    @Override
    public synchronized long approximateNumEntries()
    {
        checkOpen();
        try (Snapshot snapshot = store.snapshot())
        {
            final long metadata = snapshot.get(PositionCodec.KEY) == null ? 0 : 1;
            return snapshot.count() - metadata + buffer.size();
        }
        catch (final StoreException ex)
        {
            throw Failures.translate(name, "counting", ex);
        }
    }

    /**
     * Commits the buffered writes in one pagekv transaction, forced to disk unless the store was
     * opened with {@link io.pagekv.Durability#ASYNC}. Kafka Streams calls this before it records
     * {@code changelogOffsets} in its checkpoint file, so the store on disk always holds at least
     * what the checkpoint claims. The offsets themselves are left to Streams.
     */
    @Override
    public synchronized void commit(final Map<TopicPartition, Long> changelogOffsets)
    {
        checkOpen();
        commitBuffer();
    }

    /**
     * Same as {@link #commit(Map)}: for callers of the older API.
     */
    @Override
    @Deprecated
    public void flush()
    {
        commit(Map.of());
    }

    private void commitIfFull()
    {
        if (buffer.bytes() >= settings.writeBufferBytes())
        {
            commitBuffer();
        }
    }

    private void commitBuffer()
    {
        if (buffer.isEmpty())
        {
            return;
        }
        try (WriteTxn txn = store.beginWrite())
        {
            buffer.writeTo(txn);
            if (!position.isEmpty())
            {
                txn.put(PositionCodec.KEY, PositionCodec.encode(position));
            }
            txn.commit();
        }
        catch (final StoreException ex)
        {
            throw Failures.translate(name, "committing " + buffer.size() + " buffered writes", ex);
        }
        buffer.clear();
    }

    @Override
    public boolean persistent()
    {
        return true;
    }

    @Override
    public boolean isOpen()
    {
        return open;
    }

    @Override
    public <R> QueryResult<R> query(final Query<R> query, final PositionBound positionBound, final QueryConfig config)
    {
        checkOpen();
        return PositionQueries.answer(this, position, context.taskId().partition(), query, positionBound, config);
    }

    @Override
    public Position getPosition()
    {
        return position;
    }

    /**
     * Closes the pagekv store without committing: writes buffered since the last commit are
     * dropped, as Kafka Streams expects of a store it has not committed (it restores them from
     * the changelog). Iterators the callers left open are closed and reported. Idempotent.
     */
    @Override
    public synchronized void close()
    {
        if (!open)
        {
            return;
        }
        open = false;
        final int leaked = iterators.closeAll();
        if (leaked > 0)
        {
            LOG.log(Level.WARNING, "pagekv store {0}: {1} iterator(s) were not closed by their callers; closed them now", name, leaked);
        }
        buffer.clear();
        try
        {
            store.close();
        }
        catch (final StoreException ex)
        {
            throw Failures.translate(name, "closing", ex);
        }
    }

    private void checkOpen()
    {
        if (!open)
        {
            throw new InvalidStateStoreException("pagekv store " + name + " is not open");
        }
    }

    /**
     * @return iterators opened and not yet closed, for tests of leak handling.
     */
    int openIterators()
    {
        return iterators.size();
    }
}
