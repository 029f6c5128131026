package io.pagekv;

import io.pagekv.audit.Audit;
import io.pagekv.audit.AuditHook;
import io.pagekv.audit.AuditKind;
import io.pagekv.btree.Keys;
import io.pagekv.cache.CacheStrength;
import io.pagekv.cache.ValueCache;
import io.pagekv.codec.Codec;
import io.pagekv.btree.WriteTree;
import io.pagekv.export.LiveExports;
import io.pagekv.export.OpenExport;
import io.pagekv.export.ShmObjects;
import io.pagekv.format.FormatVersion;
import io.pagekv.io.ErrorMapper;
import io.pagekv.ipc.StoreCounters;
import io.pagekv.patch.InPlaceWriter;
import io.pagekv.txn.CommitState;
import io.pagekv.txn.Committer;
import io.pagekv.txn.Engine;
import io.pagekv.value.Lz4Block;
import io.pagekv.value.ValueReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * An embedded key-value store in one directory: keys sort as unsigned bytes, every write
 * transaction commits atomically, readers see consistent snapshots without locks.
 *
 * <pre>{@code
 * try (Store store = Store.open(Path.of("data"))) {
 *     store.put(key, value);
 *     try (WriteTxn txn = store.beginWrite()) { txn.put(k1, v1); txn.delete(k2); txn.commit(); }
 *     try (Snapshot snap = store.snapshot()) { DirectBuffer view = snap.view(key); }
 * }
 * }</pre>
 *
 * <p>Thread-safe. One write transaction at a time: {@link #beginWrite()} waits for the current
 * one to end. Any number of snapshots, on any threads, never block and are never blocked.
 *
 * <p>After a failed force the store is poisoned: every later call throws
 * {@link StorePoisonedException}; close it and open it again.
 */
public final class Store implements AutoCloseable
{
    /** The on-disk format version this build writes, and the newest it reads. */
    public static final int FORMAT_VERSION = FormatVersion.CURRENT;

    /** With {@link Durability#SYNC}, the zeros written ahead of the log's tail so that forces need not journal block allocations. */
    static final long ALLOCATE_AHEAD_BYTES = 1 << 20;

    /** The largest value: 1 GiB. A transaction's new pages must fit one segment file of at most 2 GiB. */
    public static final int MAX_VALUE_SIZE = 1 << 30;

    /** How old the commit a read-only store finds a counter's value in may be: it picks up new commits at most this often. */
    private static final long COUNTER_HEAD_AGE_NANOS = 1_000_000;

    /** How long a read-only store waits for the writer's checkpoint of a new patchable value. */
    private static final long CHECKPOINT_WAIT_NANOS = 5_000_000_000L;

    private final Engine engine;
    private final Committer committer;
    private final AutoCompaction compaction;
    private final StoreOptions options;
    private final WriteGate writes;
    private final BatchCombiner batches;
    private final int maxKeySize;
    private final int maxValueSize;
    private final PublishedHead head;
    private final Audit audit;
    private final InPlaceWriter inPlace;
    /** For a read-only store: the newest checkpointed txn seen in {@code meta}; only grows. */
    private volatile long knownCheckpoint = -1;
    private final StoreCounters counters;
    private final LiveExports exports;
    private final ValueReader values;
    /** {@link #currentHead}, made once: a snapshot's open allocates no method reference. */
    private final Supplier<CommitState> headOfSnapshots = this::currentHead;
    private volatile boolean closed;

    private Store(final Engine engine, final StoreOptions options)
    {
        this.engine = engine;
        this.counters = engine.isWritable() ? StoreCounters.allocate(engine.lockFile()) : StoreCounters.inProcess();
        this.committer = engine.isWritable() ?
            new Committer(engine, options.durability() == Durability.SYNC, options.checkpointBytes(), counters) : null;
        this.options = options;
        this.compaction = committer == null ? null : new AutoCompaction(this, engine, committer, options.compaction());
        if (compaction != null && options.compaction().enabled())
        {
            compaction.countsFromCheckpoint();
        }
        this.head = new PublishedHead(engine);
        this.writes = new WriteGate(engine, committer, compaction, head);
        this.batches = new BatchCombiner(writes);
        final int pageSize = engine.pages().pageSize();
        this.maxKeySize = Keys.maxKeySize(pageSize);
        this.maxValueSize = options.maxValueSize();
        this.audit = new Audit(engine.dir(), options.durability() == Durability.SYNC, options.fileIO(), () -> head.current().txnId());
        this.values = new ValueReader(engine.pages(), newCache(options), maxValueSize);
        engine.pages().onSegmentLeaving(values::invalidateSegment);
        this.inPlace = new InPlaceWriter(engine, committer, () -> head.recent(COUNTER_HEAD_AGE_NANOS), head::current,
            this::coverCheckpoint);
        this.exports = new LiveExports(engine.segments(), values, engine.readers(), counters, options.maxExports(), options.maxExportShmBytes(),
            this::auditExport);
        if (engine.isWritable())
        {
            // Exports of processes that died while holding them: their pins went with them.
            ShmObjects.reapDead(engine.superblock().storeId());
        }
    }

    private static ValueCache newCache(final StoreOptions options)
    {
        return options.valueCache() == CacheMode.NONE ? null : new ValueCache(
            options.valueCache() == CacheMode.SOFT ? CacheStrength.SOFT : CacheStrength.WEAK, options.valueCacheHotSet());
    }

    /**
     * Opens the store in {@code dir} for reading and writing with default options, creating it
     * if the directory is empty or missing.
     *
     * @param dir the store directory.
     * @return the open store; close it.
     * @throws StoreLockedException  if another process (or open store in this process) writes it.
     * @throws CorruptStoreException if its files are damaged beyond the last valid commit.
     * @throws StoreException        if it cannot be opened, for example without Agrona's JVM flag.
     */
    public static Store open(final Path dir)
    {
        return open(dir, StoreOptions.defaults());
    }

    /**
     * Opens the store in {@code dir} for reading and writing, creating it if the directory is
     * empty or missing. Recovery finds the last valid commit without scanning the data.
     *
     * @param dir     the store directory.
     * @param options page size and segment size (for a new store), durability, file seam.
     * @return the open store; close it.
     * @throws StoreLockedException  if another process (or open store in this process) writes it.
     * @throws DamagedHistoryException if its files prove that committed history is missing and the
     *         options' {@link DamagePolicy} is {@link DamagePolicy#REFUSE} (the default); nothing
     *         was changed. With {@link DamagePolicy#OPEN_READ_ONLY_AT_LAST_GOOD} the store opens
     *         read-only instead ({@link #isReadOnly()}).
     * @throws CorruptStoreException if its files are damaged otherwise.
     * @throws StoreException        if it cannot be opened, for example without Agrona's JVM flag.
     */
    public static Store open(final Path dir, final StoreOptions options)
    {
        return open(dir, options, true);
    }

    /**
     * @param everyStoreHooks whether the store takes the hooks registered for every store (not
     *                        for a backup's copy, whose source reports the backup).
     */
    static Store open(final Path dir, final StoreOptions options, final boolean everyStoreHooks)
    {
        AgronaAccess.check();
        DirectorySwap.finish(dir, options.fileIO(), true);
        // Forced commits into a sparse file pay for block allocation at every force; allocate ahead.
        final long allocateAhead = options.durability() == Durability.SYNC ? ALLOCATE_AHEAD_BYTES : 0;
        final Engine engine = Engine.openWritable(dir, options.fileIO(), options.pageSize(), options.segmentSize(), allocateAhead,
            options.damagePolicy().onDamage());
        if (engine.createdStore())
        {
            DirectorySwap.refuseCreationDuringSwap(dir, engine);
        }
        final Store store = new Store(engine, options);
        return everyStoreHooks ? store.auditOpen() : store;
    }

    /**
     * The open event, once the store takes the hooks registered for every store: a veto closes
     * it again and throws.
     */
    private Store auditOpen()
    {
        if (!engine.isWritable())
        {
            return this;
        }
        try
        {
            audit.addEveryStoreHooks();
            if (audit.isActive())
            {
                audit.before(AuditKind.OPEN, head.current().txnId(), null, null, -1, null);
            }
            return this;
        }
        catch (final RuntimeException ex)
        {
            closed = true;
            try
            {
                audit.close();
            }
            catch (final RuntimeException closing)
            {
                ex.addSuppressed(closing);
            }
            finally
            {
                engine.shutdown(committer);
            }
            throw ex;
        }
    }

    /**
     * Opens an existing store for reading only, without taking the writer lock: another process
     * may have it open for writing. Each new snapshot sees the commits made since.
     *
     * @param dir the store directory.
     * @return the open store; writes through it throw {@link StoreException}.
     * @throws DamagedHistoryException if its files prove that committed history is missing.
     * @throws CorruptStoreException if its files are damaged.
     * @throws StoreException        if there is no store there.
     */
    public static Store openReadOnly(final Path dir)
    {
        return openReadOnly(dir, StoreOptions.defaults());
    }

    /**
     * Opens an existing store for reading only, as {@link #openReadOnly(Path)} does, with the
     * options' {@link DamagePolicy}: any policy but {@link DamagePolicy#REFUSE} opens a store with
     * damaged history at its last good commit (nothing is written either way) and keeps the
     * damage in {@link #verify()}'s report. The other options do not apply to reading.
     *
     * @param dir     the store directory.
     * @param options the options; only the damage policy is used.
     * @return the open store; writes through it throw {@link StoreException}.
     * @throws DamagedHistoryException if history is missing and the policy is {@link DamagePolicy#REFUSE}.
     * @throws CorruptStoreException if its files are damaged otherwise.
     * @throws StoreException        if there is no store there.
     */
    public static Store openReadOnly(final Path dir, final StoreOptions options)
    {
        AgronaAccess.check();
        DirectorySwap.finish(dir, options.fileIO(), false);
        return new Store(Engine.openReadOnly(dir, options.fileIO(), options.damagePolicy().onDamage()), options);
    }

    /**
     * Writes a new store into {@code target} holding every entry of {@code source} that can be
     * proven intact: the tree of the newest commit that can be read, plus, when the source's
     * history is damaged ({@link DamagedHistoryException}), the entries of intact leaf pages of
     * the commits beyond the damage, each replacing the key range it covers, the newest commit
     * winning. Every page used proves itself by type, own id and CRC; nothing is invented. The
     * source is never written. Like {@code mdb_dump -r} or SQLite's {@code .recover}. A value put
     * with {@link #putPatchable} is written patchable again, with the bytes its patches and
     * counters left; every other value is written by the target's defaults (uncompressed).
     *
     * @param source   the damaged store.
     * @param target   a directory that does not exist or is empty; a new store is created there.
     * @param progress told the number of entries written so far, now and then; may be null.
     * @return what was salvaged and what was lost.
     * @throws CorruptStoreException if no commit of the source can be read at all.
     * @throws StoreException        if the target is not empty or cannot be written.
     */
    public static SalvageReport salvage(final Path source, final Path target, final LongConsumer progress)
    {
        AgronaAccess.check();
        return Salvage.run(source, target, progress);
    }

    /**
     * Compacts a store offline: writes a compact copy beside it and swaps it in by atomic renames
     * with directory forces. No other process may have it open. A crash at any step leaves the old
     * store or the new one, never neither; the next open finishes or rolls back the swap
     * ({@code docs/durability.md}).
     *
     * @param dir     the store directory.
     * @param options options to open it with.
     * @return what the copy holds.
     * @throws StoreLockedException if another process writes the store.
     */
    public static BackupReport compactOffline(final Path dir, final StoreOptions options)
    {
        AgronaAccess.check();
        return OfflineCompaction.run(dir, options);
    }

    /** @return the store directory. */
    public Path dir()
    {
        return engine.dir();
    }

    /** @return the page size this store was created with. */
    public int pageSize()
    {
        return engine.pages().pageSize();
    }

    /** @return the largest key in bytes (keys are 1 to this many bytes). */
    public int maxKeySize()
    {
        return maxKeySize;
    }

    /** @return the largest value in bytes. */
    public int maxValueSize()
    {
        return maxValueSize;
    }

    /** @return whether this store was opened with {@link #openReadOnly}. */
    public boolean isReadOnly()
    {
        return !engine.isWritable();
    }

    /** @return the options it was opened with. */
    public StoreOptions options()
    {
        return options;
    }

    /** @return facts about the last commit, for tools and monitoring. */
    public StoreInfo info()
    {
        final CommitState state = currentHead();
        return new StoreInfo(FormatVersion.CURRENT, pageSize(), engine.superblock().segmentSize(), state.txnId(),
            state.time(), state.entryCount(), state.depth(), engine.lastCheckpoint().commitTxn(),
            engine.superblock().storeId(), engine.superblock().created());
    }

    /**
     * @return the processes registered in the store's shared reader table: those that read it
     * without holding the writer lock (a read-only store in this process among them); empty if
     * this process cannot read the table.
     */
    public List<ReaderInfo> readers()
    {
        checkUsable();
        return engine.sharedReaders().stream()
            .map(slot -> new ReaderInfo(slot.owner().pid(), slot.isPinned() ? slot.pinnedTxn() : ReaderInfo.NONE, slot.claimedAt(), slot.alive()))
            .toList();
    }

    /**
     * Measures how the store uses its disk: each segment file's bytes and live pages, and the
     * space amplification that automatic compaction bounds. A store that writes answers from the
     * live page counts it keeps at every commit, once they are known (taken from the last
     * checkpoint at open, or counted at the first compaction check), holding the writer lock for
     * as long as it takes to copy them; otherwise (a read-only store, compaction off, or an open
     * whose checkpoint recorded no counts, before its first commit) it walks the tree of a
     * snapshot of the latest commit, like {@link #verify()} without the checks.
     * {@link SpaceUsage#source()} says which.
     *
     * @return the usage; thread-safe.
     * @throws CorruptStoreException if the walk meets a damaged page.
     * @throws StoreException        if the store is closed or poisoned.
     */
    public SpaceUsage spaceUsage()
    {
        checkUsable();
        return SpaceSurvey.measure(this, engine, committer);
    }

    /**
     * Checks every page reachable from the latest commit and the chain of commit records.
     *
     * @return what was found; {@link VerifyReport#isClean()} when nothing is wrong.
     */
    public VerifyReport verify()
    {
        return verify(null);
    }

    /**
     * Checks every page reachable from the latest commit and the chain of commit records.
     *
     * @param progress called now and then with the number of pages checked so far; may be null.
     * @return what was found; {@link VerifyReport#isClean()} when nothing is wrong.
     */
    public VerifyReport verify(final LongConsumer progress)
    {
        checkUsable();
        // As a snapshot's reader, so that compaction retires (and reuses) nothing the walk reaches.
        try (Snapshot snapshot = snapshot())
        {
            return Verification.run(engine, committer, snapshot.state(), progress);
        }
    }

    /**
     * Compacts the store online: rewrites the live pages of the oldest segments at the tail in
     * ordinary commits of bounded size, then retires those segments; their files are deleted once
     * no open snapshot can reach them. Writers wait for at most one moving commit at a time;
     * readers are never blocked, and a snapshot opened before reads the same data throughout.
     *
     * @return what was done.
     * @throws StoreException if the store is read-only, closed or poisoned.
     */
    public CompactionReport compact()
    {
        checkUsable();
        if (committer == null)
        {
            throw new StoreException("store " + dir() + " is open read-only; compact it from the process that writes it");
        }
        return compaction.compactNow();
    }

    /**
     * Writes a hot backup: a consistent copy of the latest commit into a new store at
     * {@code target}, holding live pages only, while writes go on. The copy is built beside the
     * target, forced, and renamed into place atomically; it opens and verifies clean. Works on a
     * read-only store too, so another process can back up a store that one process writes.
     *
     * @param target a path that does not exist yet; its parent must.
     * @return what was written.
     * @throws StoreException if the target exists or the copy cannot be written; no target then.
     */
    public BackupReport backup(final Path target)
    {
        checkUsable();
        if (audit.isActive())
        {
            audit.before(AuditKind.BACKUP, head.current().txnId(), null, null, -1, String.valueOf(target));
        }
        return Backup.run(this, target, options.fileIO());
    }

    /** @return a read-only view of the store's pages as they lie on disk, for tools; see {@link PageInspector}. */
    public PageInspector inspect()
    {
        checkUsable();
        return new PageInspector(this);
    }

    /**
     * Inserts or replaces one entry: a {@link #write(WriteBatch) batch} of one put, so that puts
     * of threads writing at the same time share commits and forces. A value put this way is never
     * changed in place: {@link #patch} and the counter methods refuse it
     * ({@link PatchRefusedException.Reason#NOT_PATCHABLE}); put it with {@link #putPatchable}
     * for that.
     *
     * @param key   1 to {@link #maxKeySize()} bytes; copied.
     * @param value 0 to {@link #maxValueSize()} bytes; copied.
     * @throws KeyTooLargeException   if the key is empty or too long; nothing is written.
     * @throws ValueTooLargeException if the value is too long; nothing is written.
     * @throws IllegalStateException  if this thread has a write transaction open.
     */
    public void put(final byte[] key, final byte[] value)
    {
        write(new WriteBatch().put(key, value));
    }

    /**
     * Inserts or replaces one entry: a {@link #write(WriteBatch) batch} of one put.
     *
     * @param key   the key: all of the buffer's capacity.
     * @param value the value: all of the buffer's capacity.
     */
    public void put(final DirectBuffer key, final DirectBuffer value)
    {
        write(new WriteBatch().put(key, value));
    }

    /**
     * Inserts or replaces one entry, in a transaction of its own, whose value can later change in
     * place ({@link #patch}, {@link #addAndGet}, {@link #compareAndSet}); see
     * {@link WriteTxn#putPatchable}. Put counters at offsets that are multiples of 8.
     *
     * @param key   1 to {@link #maxKeySize()} bytes; copied.
     * @param value 0 to {@link #maxValueSize()} bytes; copied.
     * @throws KeyTooLargeException   if the key is empty or too long; nothing is written.
     * @throws ValueTooLargeException if the value is too long; nothing is written.
     */
    public void putPatchable(final byte[] key, final byte[] value)
    {
        try (WriteTxn txn = beginWrite())
        {
            txn.putPatchable(key, value);
            txn.commit();
        }
    }

    /**
     * Overwrites {@code bytes.length} bytes of the newest committed value of {@code key} at
     * {@code offset}, in place: no copy of the value, no new version. The patch is first appended
     * to the log as a patch record and forced (in both durability modes), then written where the
     * value lies; after a crash it is wholly there or wholly absent, and once this returns it
     * survives a crash and a power loss. It bypasses MVCC: every snapshot, view and cursor of
     * this and other processes that shares the value (whose commit reaches the same value) sees
     * the new bytes from then on; a reader copying the value at that moment may see part of the
     * patch. Waits for an open write transaction of another thread.
     *
     * @param key    the key.
     * @param offset where in the value.
     * @param bytes  the new bytes; copied.
     * @throws PatchRefusedException if the key is absent, the range lies outside the value, or
     *         the value was not put with {@link #putPatchable}; nothing was changed.
     * @throws StoreException        if the store is read-only, closed or poisoned.
     * @throws StorePoisonedException if the in-place write failed after the record was forced: the
     *         store takes no more writes, and reopening it completes the patch.
     */
    public void patch(final byte[] key, final long offset, final byte[] bytes)
    {
        Bytes.nonNull(key, "key");
        Bytes.nonNull(bytes, "bytes");
        patch(new UnsafeBuffer(key), offset, new UnsafeBuffer(bytes));
    }

    /**
     * As {@link #patch(byte[], long, byte[])}.
     *
     * @param key    the key: all of the buffer's capacity.
     * @param offset where in the value.
     * @param bytes  the new bytes: all of the buffer's capacity.
     */
    public void patch(final DirectBuffer key, final long offset, final DirectBuffer bytes)
    {
        checkUsable();
        if (key == null || bytes == null)
        {
            throw new IllegalArgumentException((key == null ? "key" : "bytes") + " is null");
        }
        checkKey(key.capacity());
        if (committer == null)
        {
            throw new StoreException("store " + dir() + " is open read-only: patch it from the process that writes it " +
                "(a read-only store may only update counters)");
        }
        writes.exclusively(() ->
        {
            checkUsable();
            if (audit.isActive())
            {
                audit.before(AuditKind.PATCH, head.current().txnId(), Bytes.copy(key), Bytes.copy(bytes), bytes.capacity(), "offset " + offset);
            }
            inPlace.patch(key, key.capacity(), offset, bytes, 0, bytes.capacity());
        });
    }

    /**
     * Adds {@code delta} to the 8-byte little-endian field at {@code offset} of a patchable
     * value, atomically across threads and processes, in place (an atomic add on the mapped page).
     * Allowed on a store opened with {@link #openReadOnly}: counters are the only write a
     * read-only store makes. Not journaled: the new value survives a process crash at once and a
     * power loss once forced ({@link #forceCounters}, close, or a checkpoint of the writer after
     * its own updates; {@code docs/durability.md}). Every snapshot and view sharing the value
     * sees it. A read-only store finds the key in a commit at most 1 ms old, so an update racing
     * a put of the same key by the writer may land in the value that put replaced.
     *
     * @param key    the key.
     * @param offset where the field starts in the value; a multiple of 8.
     * @param delta  what to add (wrapping on overflow).
     * @return the field's new value.
     * @throws PatchRefusedException if the key is absent, the field lies outside the value or is
     *         not 8-byte aligned, or the value was not put with {@link #putPatchable}.
     */
    public long addAndGet(final byte[] key, final long offset, final long delta)
    {
        Bytes.nonNull(key, "key");
        return addAndGet(new UnsafeBuffer(key), offset, delta);
    }

    /**
     * As {@link #addAndGet(byte[], long, long)}.
     *
     * @param key    the key: all of the buffer's capacity.
     * @param offset where the field starts in the value; a multiple of 8.
     * @param delta  what to add.
     * @return the field's new value.
     */
    public long addAndGet(final DirectBuffer key, final long offset, final long delta)
    {
        checkCounterCall(key);
        if (audit.isActive())
        {
            audit.before(AuditKind.COUNTER, head.current().txnId(), Bytes.copy(key), null, Long.BYTES, "add " + delta + " at offset " + offset);
        }
        return inPlace.addAndGet(key, key.capacity(), offset, delta);
    }

    /**
     * Sets the 8-byte field at {@code offset} of a patchable value to {@code update} if it holds
     * {@code expected}, atomically across threads and processes; as {@link #addAndGet} otherwise.
     *
     * @param key      the key.
     * @param offset   where the field starts in the value; a multiple of 8.
     * @param expected the value the field must hold.
     * @param update   the new value.
     * @return whether it was set.
     * @throws PatchRefusedException as {@link #addAndGet}.
     */
    public boolean compareAndSet(final byte[] key, final long offset, final long expected, final long update)
    {
        Bytes.nonNull(key, "key");
        checkCounterCall(new UnsafeBuffer(key));
        if (audit.isActive())
        {
            audit.before(AuditKind.COUNTER, head.current().txnId(), key.clone(), null, Long.BYTES,
                "compareAndSet at offset " + offset + ": " + expected + " to " + update);
        }
        return inPlace.compareAndSet(new UnsafeBuffer(key), key.length, offset, expected, update);
    }

    /**
     * Reads the 8-byte field at {@code offset} of a patchable value atomically: never a torn value.
     *
     * @param key    the key.
     * @param offset where the field starts in the value; a multiple of 8.
     * @return the field.
     * @throws PatchRefusedException as {@link #addAndGet}.
     */
    public long getLong(final byte[] key, final long offset)
    {
        Bytes.nonNull(key, "key");
        checkCounterCall(new UnsafeBuffer(key));
        return inPlace.getLong(new UnsafeBuffer(key), key.length, offset);
    }

    /**
     * Forces the counter updates this process made to the disk: after it returns they survive a
     * power loss.
     *
     * @throws StoreIOException if a force fails.
     */
    public void forceCounters()
    {
        checkUsable();
        try
        {
            engine.runs().force();
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("forcing counter updates of " + dir() + " failed", ex);
        }
    }

    private void checkCounterCall(final DirectBuffer key)
    {
        checkUsable();
        if (key == null)
        {
            throw new IllegalArgumentException("key is null");
        }
        checkKey(key.capacity());
    }

    /**
     * Before a run changes in place its commit must be checkpointed (decision 13): the writer
     * checkpoints; a read-only store waits a little for the writer, which checkpoints every
     * commit holding a patchable value before that commit returns.
     */
    private void coverCheckpoint(final long txnId)
    {
        if (committer != null)
        {
            if (txnId > engine.lastCheckpoint().commitTxn())
            {
                writes.exclusively(() -> head.publish(committer.checkpointCovering(txnId)));
            }
            return;
        }
        if (txnId <= knownCheckpoint)
        {
            return;
        }
        final long deadline = System.nanoTime() + CHECKPOINT_WAIT_NANOS;
        while ((knownCheckpoint = engine.checkpointedTxn()) < txnId)
        {
            if (System.nanoTime() > deadline)
            {
                throw new PatchRefusedException(PatchRefusedException.Reason.NOT_CHECKPOINTED, "the value's commit (txn " + txnId +
                    ") in " + dir() + " is not checkpointed yet; the writer checkpoints it before its put returns: retry");
            }
            Thread.onSpinWait();
            LockSupport.parkNanos(100_000);
        }
    }

    /**
     * Reads one entry from the latest commit.
     *
     * @param key the key.
     * @return a copy of the value, or null if absent.
     */
    public byte[] get(final byte[] key)
    {
        checkUsable();
        Bytes.nonNull(key, "key");
        checkKey(key.length);
        return Snapshot.copyOfHead(this, head, new UnsafeBuffer(key), key.length);
    }

    /**
     * Reads one entry from the latest commit.
     *
     * @param key the key: all of the buffer's capacity.
     * @return a copy of the value, or null if absent.
     */
    public byte[] get(final DirectBuffer key)
    {
        checkUsable();
        if (key == null)
        {
            throw new IllegalArgumentException("key is null");
        }
        checkKey(key.capacity());
        return Snapshot.copyOfHead(this, head, key, key.capacity());
    }

    /** A typed read of the latest commit, holding no snapshot. */
    <T> T decodeHead(final DirectBuffer key, final int length, final Codec<T> codec)
    {
        checkUsable();
        checkKey(length);
        return Snapshot.decodeOfHead(this, head, key, length, codec);
    }

    /**
     * Deletes one entry in a transaction of its own.
     *
     * @param key the key.
     * @return whether it was present.
     */
    public boolean delete(final byte[] key)
    {
        try (WriteTxn txn = beginWrite())
        {
            final boolean deleted = txn.delete(key);
            txn.commit();
            return deleted;
        }
    }

    /**
     * Applies a batch of puts and deletes as one transaction: all of them or none. Batches that
     * threads write at the same time share commits, and with {@link Durability#SYNC} share forces
     * (group commit): each call returns once its batch is durable, and readers see a batch only
     * then. Batches of one commit are applied one after the other, each whole, in some order;
     * readers see the commit's batches at once. With an audit hook attached each batch is a
     * commit of its own, its changes passed to the hooks in the calling thread's audit context.
     *
     * @param batch the changes; the batch may be cleared and reused once this returns.
     * @return the id of the transaction that holds the batch (shared with other batches of the same commit).
     * @throws KeyTooLargeException   if a key is empty or too long; nothing is written.
     * @throws ValueTooLargeException if a value is too long; nothing is written.
     * @throws io.pagekv.audit.AuditVetoException if an audit hook vetoed a change; nothing of the batch is written.
     * @throws IllegalStateException  if this thread has a write transaction open.
     * @throws StoreException if the store is read-only, closed or poisoned, or the commit failed.
     */
    public long write(final WriteBatch batch)
    {
        if (batch == null)
        {
            throw new IllegalArgumentException("batch is null");
        }
        checkWritable();
        writes.checkNoOpenTransaction();
        final WriteBatch.Changes changes = batch.changes();
        for (int i = 0; i < changes.size(); i++)
        {
            checkKey(changes.keys()[i].length);
            if (changes.values()[i] != null)
            {
                checkValue(changes.values()[i].length);
            }
        }
        if (changes.valueBytes() > WriteTxn.MAX_TXN_VALUE_BYTES)
        {
            throw new StoreException("a batch of " + changes.valueBytes() + " bytes of values is more than one transaction holds (" +
                WriteTxn.MAX_TXN_VALUE_BYTES + "); split it");
        }
        return batches.write(this, changes);
    }

    /** @return the written batches that wait for a leader to take them into a commit, for tests. */
    int queuedBatches()
    {
        return batches.queuedWrites();
    }

    /**
     * Starts a write transaction, waiting while another one is open. Use it on one thread and
     * close it on that thread.
     *
     * @return the transaction; close it (closing without commit aborts).
     * @throws StoreException if the store is read-only, closed or poisoned.
     */
    public WriteTxn beginWrite()
    {
        checkWritable();
        return writes.begin(this);
    }

    /** @throws StoreException if the store is closed, poisoned or open read-only. */
    private void checkWritable()
    {
        checkUsable();
        if (!engine.isWritable())
        {
            throw new StoreException("store " + dir() + " is open read-only");
        }
    }

    /**
     * Opens a read view of the latest commit. Never blocks, never sees a partial transaction.
     *
     * @return the snapshot; close it, on any thread.
     */
    public Snapshot snapshot()
    {
        checkUsable();
        return new Snapshot(this, openReader());
    }

    /**
     * Registers a reader of the head, by the shared table's protocol where this process is
     * registered in it.
     */
    private CommitState openReader()
    {
        return engine.readers().isRegistered() ? openRegisteredReader() : engine.readers().open(headOfSnapshots);
    }

    /**
     * Opens a reader in a process registered in the shared reader table: the pin is published
     * first, then the log generation is read again. If the writer moved it since the head was
     * read, the head may reach segments the writer is deleting without having seen the pin, so
     * the store follows the compaction and tries again; otherwise the writer sees the pin before
     * it deletes anything the head reaches.
     */
    private CommitState openRegisteredReader()
    {
        PublishedHead.View view = head.currentView();
        while (true)
        {
            final CommitState chosen = view.head();
            final CommitState state = engine.readers().open(() -> chosen);
            if (engine.logGeneration() == view.generation())
            {
                return state;
            }
            engine.readers().close(state);
            view = head.refreshed();
        }
    }

    /**
     * Adds a hook that sees every later write of this store before it takes effect and may veto
     * it by throwing ({@link AuditHook}); or attaches a ready-made sink of
     * {@link io.pagekv.audit.AuditSinks}. Hooks run in the order they were added, on the writing
     * thread. <b>A hook cannot be removed</b>: there is no method to do so, and it stays until the
     * store is closed. See {@code docs/audit.md}.
     *
     * @param hook the hook.
     * @throws StoreException if the store is read-only (it has no writes to audit), closed or poisoned.
     */
    public void addAuditHook(final AuditHook hook)
    {
        checkUsable();
        if (!engine.isWritable())
        {
            throw new StoreException("store " + dir() + " is open read-only: it has no writes to audit");
        }
        audit.add(hook);
    }

    /** @return the audit seam every write passes before it takes effect ({@link Audit#before}). */
    Audit audit()
    {
        return audit;
    }

    /**
     * Hands the value of {@code key} in the latest commit to other processes, by the route
     * {@link ExportRoute#AUTO} picks: mapped zero-copy for a value in an overflow run, else one
     * copy into shared memory. See {@link SharedExport} and {@code docs/ipc.md}.
     *
     * @param key the key.
     * @return the export, or null if the key is absent; close it.
     * @throws ExportLimitException if it would go over {@link StoreOptions#withExportLimits}.
     * @throws StoreException       if the shared-memory object cannot be made.
     */
    public SharedExport export(final byte[] key)
    {
        return export(key, ExportRoute.AUTO);
    }

    /**
     * Hands the value of {@code key} in the latest commit to other processes by a given route.
     *
     * @param key   the key.
     * @param route the route; {@link ExportRoute#MAPPED} is refused for a value that lies inline
     *              in its leaf page.
     * @return the export, or null if the key is absent; close it.
     * @throws ExportLimitException if it would go over {@link StoreOptions#withExportLimits}.
     * @throws StoreException       if the route cannot take the value.
     */
    public SharedExport export(final byte[] key, final ExportRoute route)
    {
        checkUsable();
        Bytes.nonNull(key, "key");
        checkKey(key.length);
        return export(openReader(), key, route);
    }

    /**
     * An export of one commit, whose reader registration it takes over, with a mapped fault on
     * the way reported as corruption.
     */
    SharedExport export(final CommitState state, final byte[] key, final ExportRoute route)
    {
        if (route == null)
        {
            engine.readers().close(state);
            throw new IllegalArgumentException("route is null");
        }
        try
        {
            final OpenExport export = exports.open(state, new UnsafeBuffer(key), key.length, route);
            MappedFault.deliverPending();
            return export == null ? null : new SharedExport(exports, export);
        }
        catch (final InternalError ex)
        {
            throw ErrorMapper.mappedFault(dir(), ex);
        }
    }

    private void auditExport(final DirectBuffer key, final int keyLength, final long txnId, final int valueLength)
    {
        if (audit.isActive())
        {
            final byte[] copy = new byte[keyLength];
            key.getBytes(0, copy);
            audit.before(AuditKind.EXPORT, txnId, copy, null, valueLength, null);
        }
    }

    /** @return the live counters this store moves (the lock file's for a writer). */
    StoreCounters counters()
    {
        return counters;
    }

    private CommitState currentHead()
    {
        return head.current();
    }

    /**
     * A typed view of this store: keys and values pass through codecs, over the same data (no
     * second copy; typed and byte access see each other's writes). Typed reads of a value are
     * decoded once and kept in the read cache while it holds them.
     *
     * <pre>{@code
     * TypedStore<String, Long> counts = store.typed(Codecs.utf8(), Codecs.int64());
     * counts.put("apples", 3L);
     * long n = counts.get("apples");
     * }</pre>
     *
     * @param keyCodec   the key codec; an order-preserving one keeps ranges meaningful.
     * @param valueCodec the value codec.
     * @param <K>        the key type.
     * @param <V>        the value type.
     * @return the typed view; thread-safe like the store.
     */
    public <K, V> TypedStore<K, V> typed(final Codec<K> keyCodec, final Codec<V> valueCodec)
    {
        if (keyCodec == null || valueCodec == null)
        {
            throw new IllegalArgumentException((keyCodec == null ? "key" : "value") + " codec is null");
        }
        return new TypedStore<>(this, keyCodec, valueCodec);
    }

    /**
     * @return the counters of this process's read cache since open, and the LZ4 implementation
     * in use; thread-safe and cheap (reads counters, walks nothing).
     */
    public StoreStats stats()
    {
        final ValueCache cache = values.cache();
        if (cache == null)
        {
            return new StoreStats(CacheMode.NONE, 0, 0, 0, 0, 0, 0, Lz4Block.instance());
        }
        return new StoreStats(options.valueCache(), cache.hits(), cache.misses(), cache.evictions(), cache.invalidations(),
            cache.entries(), cache.bytesHeld(), Lz4Block.instance());
    }

    /**
     * @return how values are read: the page store, the read cache, the limits. The seam for
     * in-place patches, which drop the cached forms of what they change
     * ({@link ValueReader#invalidatePages}).
     */
    ValueReader values()
    {
        return values;
    }

    Engine engine()
    {
        return engine;
    }

    /** @return the write path: the writer lock, commits, the compaction step after them. */
    WriteGate writes()
    {
        return writes;
    }

    void checkUsable()
    {
        if (closed)
        {
            throw new StoreClosedException("store " + dir());
        }
        if (committer != null)
        {
            committer.throwIfPoisoned();
        }
    }

    /**
     * Checkpoints, forces, releases the writer lock and closes the files. Waits for an open write
     * transaction to end. Snapshots still open are closed: their views stay readable (mappings
     * are released only when no buffer refers to them) but their methods throw.
     * Idempotent.
     *
     * @throws StoreException if the final checkpoint fails; the files are closed all the same.
     * @throws StorePoisonedException if a force failed earlier and commits acknowledged since the
     *         last successful force ({@code Durability.ASYNC}) may therefore not be durable; the
     *         files are closed all the same, and a reopen shows which of them reached the disk.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        writes.exclusively(() ->
        {
            if (!closed)
            {
                closed = true;
                try
                {
                    exports.closeAll();
                    audit.close();
                }
                finally
                {
                    engine.shutdown(committer);
                }
            }
        });
    }

    /** @return whether {@link #close()} was called. */
    public boolean isClosed()
    {
        return closed;
    }

    void checkKey(final int length)
    {
        if (length < 1 || length > maxKeySize)
        {
            throw new KeyTooLargeException(length, maxKeySize);
        }
    }

    void checkValue(final long length)
    {
        if (length > maxValueSize)
        {
            throw new ValueTooLargeException(length, maxValueSize);
        }
    }
}
