package io.pagekv.txn;

import io.pagekv.CorruptStoreException;
import io.pagekv.StoreException;
import io.pagekv.StoreIOException;
import io.pagekv.StorePoisonedException;
import io.pagekv.btree.WriteTree;
import io.pagekv.format.PageAddress;
import io.pagekv.format.StoreFileNames;
import io.pagekv.io.ErrorMapper;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import io.pagekv.ipc.LockFile;
import io.pagekv.ipc.ReaderTable;
import io.pagekv.ipc.WriterLock;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import io.pagekv.page.SegmentTable;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The composition root below the public API for one open store: it opens (creating with
 * {@link StoreCreator}, recovering with {@link Recovery}, repairing the tail with
 * {@link TailRepair}), holds the pieces — the {@link SegmentTable}, the {@link LogReader}, the
 * {@link CommitLog}, the {@link Checkpointer}, the writer lock or the mapped lock file — and the
 * head, and closes them.
 *
 * <p>Thread-safety: {@link #append} and {@link #checkpoint} are called under the store's write
 * lock; {@link #refresh} by one reader at a time under the store's refresh lock.
 */
public final class Engine implements Closeable
{
    /** The spare segment files may hold at most this many bytes per byte of live pages (decision 59). */
    private static final long SPARE_BYTES_PER_LIVE_BYTE = 2;

    private final SegmentTable segments;
    private final LogReader reader;
    private final StoreFile meta;
    private final WriterLock lock;
    private final LockFile lockFile;
    private final SuperblockSlot created;
    /** Whether the writable open that made this engine created the store. */
    private boolean createdByOpen;
    private final List<CorruptStoreException> openWarnings;
    private final CommitLog log;
    private final Checkpointer checkpointer;
    private final OpenReaders readers;
    private final LiveAccounting accounting = new LiveAccounting();
    private final Retirements retirements;
    private volatile CommitState head;
    private final CompactionFollower follower;
    private final InPlaceRuns runs;
    /** Where the log's next record goes at open: after the head and the patch records after it. */
    private final long logEnd;

    private Engine(
        final Recovery recovery, final StoreFile meta, final WriterLock lock, final LockFile lockFile, final OpenReaders readers,
        final long generationBeforeRecovery, final long allocateAheadBytes, final FileIO io) throws IOException
    {
        this.segments = recovery.segments();
        this.reader = recovery.reader();
        this.meta = meta;
        this.lock = lock;
        this.lockFile = lockFile;
        this.created = recovery.slot();
        this.openWarnings = List.copyOf(recovery.warnings());
        this.head = recovery.head();
        // Appending continues after the last valid commit found by the walk, and its patch records.
        this.logEnd = lock == null ? PageAddress.NONE : reader.end(head);
        this.log = lock == null ? null : new CommitLog(segments, created.segmentSize(), logEnd, head.txnId(), allocateAheadBytes);
        if (log != null && logEnd != PageAddress.of(head.segment(), head.nextPageIndex()))
        {
            log.patchesFoundAfterHead();
        }
        this.checkpointer = lock == null ? null : new Checkpointer(meta, recovery.slot(), created, log, accounting);
        this.readers = readers;
        final ReaderTable otherReaders = lock == null ? null : lockFile.readerTable();
        this.retirements = new Retirements(segments, readers, otherReaders);
        this.follower = new CompactionFollower(meta, lockFile, segments, reader, retirements, created.firstSegment(), generationBeforeRecovery);
        this.runs = new InPlaceRuns(segments.dir(), io, segments.pages());
        segments.pages().guardRuns(runs);
        if (otherReaders != null)
        {
            // A process that reads the store may map any file it reached, and a run mapped for
            // counters may be written through still: such files are deleted, never reused. The
            // spares never hold more than twice the live pages, or one segment however small the
            // store (none while they are not counted): a reused file's blocks are written and
            // mostly cached, which spares a forced log the zeros ahead of its tail and every log
            // the kernel's allocation of new blocks and page-cache pages (decision 67).
            final long oneSegment = created.segmentSize();
            segments.recycleWhen(number -> !otherReaders.anyLive() && !runs.hasMapped(number),
                () -> accounting.isInitialized() ?
                    Math.max(oneSegment, SPARE_BYTES_PER_LIVE_BYTE * accounting.total() * segments.pages().pageSize()) : 0);
        }
    }

    /**
     * Opens a store for writing, creating it if the directory holds none.
     *
     * @param dir          the store directory.
     * @param io           the file seam.
     * @param pageSize     page size for a new store.
     * @param segmentBytes default segment size for a new store.
     * @param allocateAheadBytes zeros written ahead of the log's tail (for forced commits), 0 for none.
     * @param onDamage     what to do when the files prove that committed history is missing.
     * @return the open engine, holding the writer lock; a read-only engine if history is missing
     * and {@code onDamage} is {@link OnDamage#OPEN_READ_ONLY}.
     * @throws io.pagekv.DamagedHistoryException if history is missing and {@code onDamage} is
     *         {@link OnDamage#REFUSE}; then no file was written.
     */
    public static Engine openWritable(
        final Path dir, final FileIO io, final int pageSize, final long segmentBytes, final long allocateAheadBytes,
        final OnDamage onDamage)
    {
        try
        {
            io.createDirectories(dir);
            if (!Files.exists(dir.resolve(StoreFileNames.META)))
            {
                StoreCreator.refuseForeignDirectory(dir);
            }
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot create store directory " + dir, ex);
        }
        final WriterLock lock = WriterLock.acquire(dir, io);
        StoreFile meta = null;
        Engine engine = null;
        try
        {
            final boolean created = StoreCreator.createIfAbsent(dir, io, pageSize, segmentBytes);
            meta = io.open(dir.resolve(StoreFileNames.META), false);
            final Recovery recovery = Recovery.run(dir, io, meta, true, onDamage);
            if (recovery.damage() != null && onDamage == OnDamage.OPEN_READ_ONLY)
            {
                recovery.segments().closeQuietly();
                closeAfterFailure(null, meta, lock);
                return openReadOnly(dir, io, onDamage);
            }
            engine = new Engine(recovery, meta, lock, lock.lockFile(), new OpenReaders(), lock.lockFile().logGeneration(), allocateAheadBytes, io);
            engine.createdByOpen = created;
            // The writer owns the log from here: what lies past the head is an abandoned tail (or,
            // when the caller chose to truncate damaged history, what it chose to discard).
            engine.segments.deleteFilesAfter(PageAddress.segment(engine.logEnd), !engine.followsCleanClose(recovery));
            final boolean rewritten = TailRepair.makeDurable(engine.reader, engine.segments.pages(), recovery.checkpointed(), engine.head);
            // A run a killed process left mid-change, then the patches journaled after the checkpoint.
            // One look for the run locks' file: a process that creates it after that look is alive,
            // as if it had created it after these steps.
            final boolean changedInPlace = engine.runs.anyChangedInPlace();
            if (changedInPlace)
            {
                engine.runs.settleDeadHolders();
                engine.runs.resealAfterUncleanStop();
            }
            final boolean replayed = PatchReplay.run(engine.reader, engine.segments.pages(), recovery.checkpointed(), engine.runs,
                changedInPlace, lock.previousWriterInThisBoot()) > 0;
            if (replayed)
            {
                engine.sealPatches();
            }
            engine.segments.closeFilesExcept(PageAddress.segment(engine.logEnd));
            if (recovery.damage() != null)
            {
                // Both slots must lead to the new head, or the next open would find the damaged
                // checkpoint again and refuse.
                engine.checkpointer.rewrite(engine.head);
            }
            else if (rewritten || replayed)
            {
                engine.checkpoint();
            }
            engine.deleteFilesBelowFirstSegment();
            return engine;
        }
        catch (final IOException ex)
        {
            closeAfterFailure(engine, meta, lock);
            throw ErrorMapper.io("cannot open store " + dir, ex);
        }
        catch (final RuntimeException ex)
        {
            closeAfterFailure(engine, meta, lock);
            throw ex;
        }
    }

    /** @return whether a force failed: then the close leaves no clean-close mark. */
    private static boolean isPoisoned(final Committer committer)
    {
        try
        {
            committer.throwIfPoisoned();
            return false;
        }
        catch (final StorePoisonedException ex)
        {
            return true;
        }
    }

    /**
     * Whether this open finds the store exactly as a clean close left it: the newest slot carries
     * the close's mark ({@code SuperblockLayout.FLAG_CLOSED_CLEANLY}, written after every force of
     * that close) and names the head, no patch record follows the head, and recovery worked
     * around no damage. Then every byte and directory entry the store has was forced before the
     * mark, and the open need not force the directory again. After any other end (a crash, a kill,
     * a power loss, a failed close), a commit or patch that reached the log lies after the marked
     * slot, or a later checkpoint wrote a newer slot without the mark: the open forces it.
     */
    private boolean followsCleanClose(final Recovery recovery)
    {
        return recovery.slot().closedCleanly() && recovery.slot().commitPage() == head.recordId() &&
            logEnd == PageAddress.of(head.segment(), head.nextPageIndex()) && recovery.warnings().isEmpty() && recovery.damage() == null;
    }

    /**
     * Deletes the segment files below the log's first segment that an earlier writer left (now,
     * or once no reader of another process can reach them), after writing the head and that first
     * segment into both superblock slots, forced, as a retirement does. The slot recovery read may
     * exist only in the page cache: when a retirement's slot write or force fails, the store is
     * poisoned and deletes nothing, but the slot's bytes may have reached the page cache (after a
     * failed fsync the kernel may even keep them there, marked clean, and never write them). A
     * power loss after this open then keeps the disk's slots, which name a lower first segment:
     * had its files been deleted on the strength of the unforced slot, that history would be gone.
     * Writer thread, at the end of a writable open: the head is durable by then.
     *
     * @throws IOException if a slot cannot be written or forced, or a file cannot be deleted.
     */
    private void deleteFilesBelowFirstSegment() throws IOException
    {
        final int first = checkpointer.last().firstSegment();
        final int[] files = segments.listFiles();
        if (files.length > 0 && files[0] < first)
        {
            checkpointer.retireBelow(head, first);
            retirements.scheduleFilesBelow(first, head.txnId());
        }
    }

    /**
     * Opens an existing store for reading only, without the writer lock: another process may
     * be writing it. Never writes anything.
     *
     * @param dir      the store directory.
     * @param io       the file seam.
     * @param onDamage what to do when the files prove that committed history is missing; any
     *                 policy but {@link OnDamage#REFUSE} opens at the last good commit.
     * @return the open engine.
     * @throws io.pagekv.DamagedHistoryException if history is missing and {@code onDamage} is
     *         {@link OnDamage#REFUSE}.
     */
    public static Engine openReadOnly(final Path dir, final FileIO io, final OnDamage onDamage)
    {
        final Path metaPath = dir.resolve(StoreFileNames.META);
        if (!Files.isDirectory(dir))
        {
            throw new StoreException("no store at " + dir + ": not a directory");
        }
        if (!Files.exists(metaPath))
        {
            throw new StoreException("no store at " + dir + ": it has no meta file");
        }
        StoreFile meta = null;
        LockFile lockFile = null;
        OpenReaders readers = null;
        try
        {
            meta = io.openReadOnly(metaPath);
            lockFile = WriterLock.openForReading(dir, io);
            final ReaderTable table = lockFile == null ? null : lockFile.readerTable();
            // Registered before the log is read, pinning every commit while it is: a writer
            // that compacts meanwhile deletes nothing this open may still map.
            readers = table == null ? new OpenReaders() : OpenReaders.registered(table);
            // The generation is read before the log: a compaction that ends while the log is read
            // is then followed at the first refresh.
            final long generation = lockFile == null ? 0 : lockFile.logGeneration();
            final Engine engine = new Engine(Recovery.run(dir, io, meta, false, onDamage), meta, null, lockFile, readers, generation, 0, io);
            readers.opened();
            return engine;
        }
        catch (final IOException ex)
        {
            releaseQuietly(readers);
            closeQuietly(meta, lockFile);
            throw ErrorMapper.io("cannot open store " + dir, ex);
        }
        catch (final RuntimeException ex)
        {
            releaseQuietly(readers);
            closeQuietly(meta, lockFile);
            throw ex;
        }
    }

    /**
     * @return damage found while opening that recovery worked around: damaged superblock slots,
     * history found missing when a damage policy let the open go on.
     */
    public List<CorruptStoreException> openWarnings()
    {
        return openWarnings;
    }

    /** @return the newest commit this engine knows. */
    public CommitState head()
    {
        return head;
    }

    /** @return the page store. */
    public PageStore pages()
    {
        return segments.pages();
    }

    /** @return the segment table. */
    public SegmentTable segments()
    {
        return segments;
    }

    /** @return the log reader, for walking the commit chain. */
    public LogReader reader()
    {
        return reader;
    }

    /** @return the mapped lock file, or null for a read-only store that has none yet. */
    public LockFile lockFile()
    {
        return lockFile;
    }

    /** @return the store directory. */
    public Path dir()
    {
        return segments.dir();
    }

    /** @return the slot written at the last checkpoint (or read at open). */
    public SuperblockSlot lastCheckpoint()
    {
        return checkpointer == null ? created : checkpointer.last();
    }

    /** @return the lowest segment number the log holds: compaction retired the segments below it. */
    public int firstSegment()
    {
        return checkpointer == null ? follower.firstSegment() : checkpointer.last().firstSegment();
    }

    /** @return the superblock as read at open, for the store id, creation time and sizes. */
    public SuperblockSlot superblock()
    {
        return created;
    }

    /** @return whether this writable open created the store (there was no {@code meta}). */
    public boolean createdStore()
    {
        return createdByOpen;
    }

    /** @return whether this engine may write. */
    public boolean isWritable()
    {
        return lock != null;
    }

    /**
     * Writes a transaction; forcing and publishing are the {@link Committer}'s.
     *
     * @param tree the transaction's tree.
     * @param time the commit time.
     * @return the new commit.
     * @throws IOException if a write fails; then the head is unchanged.
     */
    CommitState append(final WriteTree tree, final long time) throws IOException
    {
        final CommitState next = log.append(tree, head, time);
        head = next;
        return next;
    }

    /**
     * Appends an empty commit after patch records that follow the head, so that a checkpoint of
     * it lies past them: recovery re-applies only the patch records after the checkpoint, and
     * patches applied and forced must not be applied again (nor their runs resealed) at every
     * open. Nothing is forced. Under the store's write lock.
     *
     * @return the new head, or null if no patch record follows the head.
     * @throws IOException if the write fails.
     */
    CommitState sealPatches() throws IOException
    {
        if (!log.hasPatchesAfterHead())
        {
            return null;
        }
        return append(new WriteTree(pages(), head.root(), head.depth(), head.entryCount()), System.currentTimeMillis());
    }

    /** @return this process's in-place access to patchable runs. */
    public InPlaceRuns runs()
    {
        return runs;
    }

    /**
     * Writes a patch record after the head; forcing is the {@link Committer}'s.
     *
     * @param target      the patched run.
     * @param valueOffset where in the value.
     * @param bytes       the new bytes.
     * @param offset      where they start in {@code bytes}.
     * @param length      how many.
     * @throws IOException if the write fails.
     */
    long appendPatch(final long target, final int valueOffset, final org.agrona.DirectBuffer bytes, final int offset, final int length)
        throws IOException
    {
        return log.appendPatch(head, target, valueOffset, bytes, offset, length);
    }

    /**
     * @return the txn id of the newest checkpoint: for a read-only engine read from {@code meta}
     * now, since the writer checkpoints behind its back.
     * @throws io.pagekv.StoreIOException if {@code meta} cannot be read.
     */
    public long checkpointedTxn()
    {
        if (checkpointer != null)
        {
            return checkpointer.last().commitTxn();
        }
        try
        {
            // Newest first; a slot being written fails its CRC and the other one answers.
            final List<SuperblockSlot> slots = Superblock.read(meta, new ArrayList<>());
            return slots.isEmpty() ? -1 : slots.get(0).commitTxn();
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot read the superblock of " + dir(), ex);
        }
    }

    /** @return the log, for forcing. */
    CommitLog log()
    {
        return log;
    }

    /** @return the checkpointer. */
    Checkpointer checkpointer()
    {
        return checkpointer;
    }

    /**
     * Forces the log and writes the head into the older superblock slot.
     *
     * @throws IOException if a write or force fails; the caller must poison the store.
     */
    public void checkpoint() throws IOException
    {
        runs.force();
        checkpointer.checkpoint(head);
    }

    /** @return live pages per segment, kept by the writer's commits. */
    public LiveAccounting accounting()
    {
        return accounting;
    }

    /** @return the readers (snapshots) of this process and the commits they read. */
    public OpenReaders readers()
    {
        return readers;
    }

    /**
     * Retires the log below {@code firstSegment}, for compaction, once nothing reachable from the
     * head lies there: writes the head and the new first segment into both superblock slots, then
     * schedules the segments below for deletion when no reader can reach them any more.
     * Writer thread, under the store's write lock.
     *
     * @param firstSegment the lowest segment the log keeps; at most the head's segment.
     * @param reusable     whether their files may be kept as spares for new segments (decision 59).
     * @return the segments scheduled.
     * @throws IOException if the superblock cannot be written; the caller must poison the store.
     */
    public int retireBelow(final int firstSegment, final boolean reusable) throws IOException
    {
        final int previousFirst = firstSegment();
        checkpointer.retireBelow(head, firstSegment);
        lockFile.bumpLogGeneration();
        return retirements.scheduleBetween(previousFirst, firstSegment, head.txnId(), reusable);
    }

    /**
     * Makes the next commit start a new segment. Writer thread, under the store's write lock.
     */
    public void startNewSegment()
    {
        log.startNewSegment();
    }

    /**
     * Retires the scheduled segments that no reader can reach any more.
     *
     * @return how many were retired.
     * @throws IOException if a file cannot be closed or deleted.
     */
    public int retireReady() throws IOException
    {
        return retirements.retireReady();
    }

    /** @return segments scheduled for retirement and still waiting for readers. */
    public int retirementsPending()
    {
        return retirements.pendingSegments();
    }

    /**
     * @return the processes registered in the shared reader table, as it is now.
     */
    public List<ReaderTable.Slot> sharedReaders()
    {
        final ReaderTable table = lockFile == null ? null : lockFile.readerTable();
        return table == null ? List.of() : table.slots();
    }

    /**
     * @return the lock file's log generation now (0 without a lock file).
     */
    public long logGeneration()
    {
        return lockFile == null ? 0 : lockFile.logGeneration();
    }

    /**
     * @return the log generation that the head {@link #refresh} last returned accounts for.
     */
    public long followedGeneration()
    {
        return follower.seenLogGeneration();
    }

    /**
     * For a read-only engine: picks up commits another process appended since.
     *
     * @return the newest commit.
     */
    public CommitState refresh()
    {
        try
        {
            head = follower.follow(reader.last(head));
            return head;
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot read new commits of " + dir(), ex);
        }
    }

    /**
     * Ends an open store: the final checkpoint through {@code committer} (unless the store is
     * read-only or poisoned), then {@link #close}. The files are closed even if the checkpoint
     * fails.
     *
     * @param committer the store's committer, or null for a read-only store.
     * @throws StoreIOException       the first failure.
     * @throws StorePoisonedException if a failed force left acknowledged commits of unknown durability.
     */
    public void shutdown(final Committer committer)
    {
        StoreException failure = null;
        if (committer != null)
        {
            try
            {
                committer.checkpointAtClose();
                if (!isPoisoned(committer))
                {
                    checkpointer.closeCleanly(head);
                }
            }
            catch (final StoreIOException | StorePoisonedException ex)
            {
                failure = ex;
            }
            catch (final IOException ex)
            {
                failure = ErrorMapper.io("final checkpoint of " + dir() + " failed", ex);
            }
        }
        try
        {
            close();
        }
        catch (final IOException ex)
        {
            if (failure == null)
            {
                failure = ErrorMapper.io("closing " + dir() + " failed", ex);
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    /**
     * Closes files and releases the lock; a writable engine checkpoints first (the caller does
     * that so it can poison on failure). Mappings are left to the garbage collector, so that a
     * buffer still held by the application can never point at unmapped memory.
     */
    @Override
    public void close() throws IOException
    {
        try
        {
            readers.release();
            runs.close();
            segments.closeAll();
        }
        finally
        {
            if (lock != null)
            {
                closeQuietly(meta, null);
                lock.close();
            }
            else
            {
                closeQuietly(meta, lockFile);
            }
        }
    }

    private static void closeAfterFailure(final Engine engine, final StoreFile meta, final WriterLock lock)
    {
        if (engine != null)
        {
            engine.segments.closeQuietly();
        }
        closeQuietly(meta, null);
        try
        {
            lock.close();
        }
        catch (final IOException ignored)
        {
            // Closing after the failure that is being reported.
        }
    }

    private static void releaseQuietly(final OpenReaders readers)
    {
        if (readers != null)
        {
            readers.release();
        }
    }

    private static void closeQuietly(final StoreFile meta, final LockFile lockFile)
    {
        try
        {
            if (meta != null)
            {
                meta.close();
            }
        }
        catch (final IOException ignored)
        {
            // Closing after the failure that is being reported.
        }
        try
        {
            if (lockFile != null)
            {
                lockFile.close();
            }
        }
        catch (final IOException ignored)
        {
            // As above.
        }
    }
}
