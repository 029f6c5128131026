package io.pagekv;

import io.pagekv.audit.Audit;
import io.pagekv.audit.AuditKind;
import io.pagekv.btree.WriteTree;
import io.pagekv.txn.CommitState;
import io.pagekv.value.DamagedBlockException;
import io.pagekv.value.Lz4Block;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A write transaction: all of its changes become visible at once when {@link #commit()} returns,
 * or not at all. It reads its own writes. Closing it without a commit aborts it.
 *
 * <p>Not thread-safe: use and close it on the thread that began it. While it is open, other
 * writers wait; readers do not.
 */
public final class WriteTxn implements AutoCloseable
{
    /** New large values a transaction may hold: its pages must fit one 2 GiB segment. */
    static final long MAX_TXN_VALUE_BYTES = 3L << 29;

    private final Store store;
    private final WriteTree tree;
    private final long txnId;
    private long valueBytes;
    private int puts;
    private int deletes;
    private boolean done;

    WriteTxn(final Store store, final WriteTree tree, final long txnId)
    {
        this.store = store;
        this.tree = tree;
        this.txnId = txnId;
    }

    /**
     * @return the id this transaction commits as.
     */
    public long txnId()
    {
        return txnId;
    }

    /**
     * Inserts or replaces an entry. A value put this way never changes in place (patches and
     * counters refuse it); use {@link #putPatchable} for one that should.
     *
     * @param key   1 to {@link Store#maxKeySize()} bytes; copied.
     * @param value 0 to {@link Store#maxValueSize()} bytes; copied.
     * @throws KeyTooLargeException   if the key is empty or too long; the transaction is unchanged.
     * @throws ValueTooLargeException if the value is too long; the transaction is unchanged.
     * @throws io.pagekv.audit.AuditVetoException if an audit hook vetoed the put; the transaction is unchanged and usable.
     */
    public void put(final byte[] key, final byte[] value)
    {
        checkOpen();
        Bytes.nonNull(key, "key");
        Bytes.nonNull(value, "value");
        checkSizes(key.length, value.length);
        putOwned(key.clone(), value.clone());
    }

    /**
     * Inserts or replaces an entry, compressing the value as {@code compression} says instead of
     * the store's {@link StoreOptions#compression() policy}: {@link CompressionPolicy#off()} for a
     * value that will be patched in place or used as a counter.
     *
     * @param key         1 to {@link Store#maxKeySize()} bytes; copied.
     * @param value       0 to {@link Store#maxValueSize()} bytes; copied.
     * @param compression when to store it compressed.
     * @throws KeyTooLargeException   if the key is empty or too long; the transaction is unchanged.
     * @throws ValueTooLargeException if the value is too long; the transaction is unchanged.
     */
    public void put(final byte[] key, final byte[] value, final CompressionPolicy compression)
    {
        checkOpen();
        Bytes.nonNull(key, "key");
        Bytes.nonNull(value, "value");
        if (compression == null)
        {
            throw new IllegalArgumentException("compression policy is null");
        }
        checkSizes(key.length, value.length);
        putOwned(key.clone(), value.clone(), compression);
    }

    /**
     * Inserts or replaces an entry.
     *
     * @param key   the key: all of the buffer's capacity; copied.
     * @param value the value: all of the buffer's capacity; copied.
     * @throws KeyTooLargeException   if the key is empty or too long; the transaction is unchanged.
     * @throws ValueTooLargeException if the value is too long; the transaction is unchanged.
     * @throws io.pagekv.audit.AuditVetoException if an audit hook vetoed the put; the transaction is unchanged and usable.
     */
    public void put(final DirectBuffer key, final DirectBuffer value)
    {
        checkOpen();
        if (key == null || value == null)
        {
            throw new IllegalArgumentException((key == null ? "key" : "value") + " is null");
        }
        checkSizes(key.capacity(), value.capacity());
        putOwned(Bytes.copy(key), Bytes.copy(value));
    }

    /**
     * Inserts or replaces an entry whose value can later change in place: {@link Store#patch},
     * {@link Store#addAndGet}, {@link Store#compareAndSet}. The value is stored in a run of pages
     * of its own, whatever its size (so a small value takes at least one page), starting 8-byte
     * aligned, and compaction never moves it (see {@code docs/architecture.md}, decision 20).
     * The commit that holds it checkpoints before it returns, so that the value can be changed
     * in place at once, also from other processes.
     *
     * @param key   1 to {@link Store#maxKeySize()} bytes; copied.
     * @param value 0 to {@link Store#maxValueSize()} bytes; copied.
     * @throws KeyTooLargeException   if the key is empty or too long; the transaction is unchanged.
     * @throws ValueTooLargeException if the value is too long; the transaction is unchanged.
     */
    public void putPatchable(final byte[] key, final byte[] value)
    {
        checkOpen();
        Bytes.nonNull(key, "key");
        Bytes.nonNull(value, "value");
        checkSizes(key.length, value.length);
        final byte[] ownKey = key.clone();
        final byte[] ownValue = value.clone();
        final Audit audit = store.audit();
        if (audit.isActive())
        {
            audit.before(AuditKind.PUT, txnId, ownKey, ownValue, ownValue.length, "patchable");
        }
        puts++;
        valueBytes += value.length;
        tree.put(ownKey, ownValue, true);
    }

    /**
     * Inserts or replaces an entry, compressing the value as {@code compression} says instead of
     * the store's policy; see {@link #put(byte[], byte[], CompressionPolicy)}.
     *
     * @param key         the key: all of the buffer's capacity; copied.
     * @param value       the value: all of the buffer's capacity; copied.
     * @param compression when to store it compressed.
     * @throws KeyTooLargeException   if the key is empty or too long; the transaction is unchanged.
     * @throws ValueTooLargeException if the value is too long; the transaction is unchanged.
     */
    public void put(final DirectBuffer key, final DirectBuffer value, final CompressionPolicy compression)
    {
        checkOpen();
        if (key == null || value == null || compression == null)
        {
            throw new IllegalArgumentException((key == null ? "key" : value == null ? "value" : "compression policy") + " is null");
        }
        checkSizes(key.capacity(), value.capacity());
        putOwned(Bytes.copy(key), Bytes.copy(value), compression);
    }

    /**
     * Inserts or replaces an entry whose value is given as an LZ4 block that a store wrote
     * (a copy keeping values as they are stored). The block is inflated once to prove it whole.
     *
     * @param key   the key: all of the buffer's capacity; copied.
     * @param block the stored block: all of the buffer's capacity; copied.
     * @throws CorruptStoreException if the block does not inflate to the length it claims.
     */
    void putCompressed(final DirectBuffer key, final DirectBuffer block)
    {
        checkOpen();
        final byte[] stored = Bytes.copy(block);
        final int rawLength;
        try
        {
            rawLength = Lz4Block.inflate(new UnsafeBuffer(stored), 0, stored.length, store.maxValueSize()).length;
        }
        catch (final DamagedBlockException ex)
        {
            throw new CorruptStoreException(store.dir(), CorruptStoreException.UNKNOWN, CorruptStoreException.UNKNOWN,
                "compressed value being copied: " + ex.getMessage());
        }
        checkSizes(key.capacity(), rawLength);
        valueBytes += rawLength;
        tree.putCompressed(Bytes.copy(key), stored);
    }

    private void checkSizes(final int keyLength, final int valueLength)
    {
        store.checkKey(keyLength);
        store.checkValue(valueLength);
        if (valueBytes + valueLength > MAX_TXN_VALUE_BYTES)
        {
            throw new StoreException("transaction " + txnId + " would hold more than " + MAX_TXN_VALUE_BYTES +
                " bytes of values; split it into smaller transactions");
        }
    }

    /** Takes arrays nobody else holds: the tree keeps a large value by reference until commit. */
    private void putOwned(final byte[] key, final byte[] value)
    {
        putOwned(key, value, store.options().compression());
    }

    private void putOwned(final byte[] key, final byte[] value, final CompressionPolicy compression)
    {
        final Audit audit = store.audit();
        if (audit.isActive())
        {
            audit.before(AuditKind.PUT, txnId, key, value, value.length, null);
        }
        puts++;
        valueBytes += value.length;
        putOwned(tree, key, value, compression);
    }

    /** Puts arrays nobody else holds into a tree, compressed if {@code compression} says so. */
    static void putOwned(final WriteTree tree, final byte[] key, final byte[] value, final CompressionPolicy compression)
    {
        final byte[] block = compression.compress(value);
        if (block != null)
        {
            tree.putCompressed(key, block);
        }
        else
        {
            tree.put(key, value);
        }
    }

    /**
     * For compaction: makes dirty what lies in the segments {@code inSegment} accepts, up to about
     * {@code budget} pages; see {@link WriteTree#relocate}.
     *
     * @return whether everything there is now dirty.
     */
    boolean relocate(final java.util.function.IntPredicate inSegment, final int budget)
    {
        checkOpen();
        return tree.relocate(inSegment, budget);
    }

    /**
     * @return pages the commit will write.
     */
    int pagesToWrite()
    {
        return tree.pagesToWrite();
    }

    /**
     * Reads an entry as this transaction sees it.
     *
     * @param key the key.
     * @return a copy of the value, or null if absent.
     */
    public byte[] get(final byte[] key)
    {
        checkOpen();
        Bytes.nonNull(key, "key");
        store.checkKey(key.length);
        return tree.get(key);
    }

    /**
     * Deletes an entry.
     *
     * @param key the key.
     * @return whether it was present.
     * @throws io.pagekv.audit.AuditVetoException if an audit hook vetoed the delete; the transaction is unchanged and usable.
     */
    public boolean delete(final byte[] key)
    {
        checkOpen();
        Bytes.nonNull(key, "key");
        store.checkKey(key.length);
        final Audit audit = store.audit();
        if (audit.isActive())
        {
            audit.before(AuditKind.DELETE, txnId, key, null, -1, null);
        }
        deletes++;
        return tree.delete(key);
    }

    /**
     * Deletes an entry.
     *
     * @param key the key: all of the buffer's capacity.
     * @return whether it was present.
     */
    public boolean delete(final DirectBuffer key)
    {
        return delete(Bytes.copy(key));
    }

    /**
     * @return entries in the store as this transaction sees it.
     */
    public long count()
    {
        checkOpen();
        return tree.entryCount();
    }

    /**
     * Makes every change visible at once. With {@link Durability#SYNC} it returns after the
     * changes are forced to disk, and other threads see them only then; the force runs after the
     * writer lock is released, so transactions that other threads commit meanwhile share it
     * (group commit). A transaction that changed nothing writes nothing.
     *
     * @throws StoreIOException        if writing failed: nothing of the transaction is visible.
     * @throws StorePoisonedException  if the force failed: durability is unknown, the store refuses further work.
     * @throws io.pagekv.audit.AuditVetoException if an audit hook vetoed the commit: the transaction is aborted, nothing of it is visible.
     */
    public void commit()
    {
        checkOpen();
        done = true;
        final Audit audit = store.audit();
        CommitState committed = null;
        try
        {
            if (audit.isActive() && tree.isDirty())
            {
                audit.beforeCommit(txnId, puts, deletes, tree.pagesToWrite());
            }
            committed = store.writes().commit(store, tree, txnId);
        }
        finally
        {
            try
            {
                if (audit.isActive())
                {
                    audit.ended(txnId, committed != null);
                }
            }
            finally
            {
                store.writes().end();
            }
        }
        // Outside the writer lock: other threads append while this commit's force runs.
        store.writes().awaitDurable(committed);
        store.writes().afterCommit(store);
    }

    /**
     * Discards every change. Idempotent after commit or abort.
     */
    public void abort()
    {
        if (!done)
        {
            done = true;
            try
            {
                final Audit audit = store.audit();
                if (audit.isActive())
                {
                    audit.ended(txnId, false);
                }
            }
            finally
            {
                store.writes().end();
            }
        }
    }

    /**
     * Aborts the transaction unless it was committed.
     */
    @Override
    public void close()
    {
        abort();
    }

    private void checkOpen()
    {
        if (done)
        {
            throw new StoreClosedException("write transaction " + txnId);
        }
        store.checkUsable();
    }
}
