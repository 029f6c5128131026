package io.pagekv.txn;

import io.pagekv.CorruptStoreException;
import io.pagekv.StoreException;
import io.pagekv.StoreIOException;
import io.pagekv.btree.WriteTree;
import io.pagekv.format.CommitLayout;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.format.SegmentHeaderLayout;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import io.pagekv.page.SegmentFiles;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything below the public API for one open store: creating a store, recovering the last
 * valid commit on open, appending commits, checkpointing the superblock and closing.
 *
 * <p>Recovery takes the newest valid superblock slot, checks the commit it names, then walks
 * forward through commit records while each is a valid successor (see {@link CommitReader}).
 * The first missing, torn or stale record ends the log; nothing after it is visible, and the
 * writer's next commit overwrites it. If the newest slot's commit cannot be read, the older
 * slot is tried.
 *
 * <p>Thread-safety: {@link #commit} and {@link #checkpoint} are called under the store's write
 * lock; {@link #refresh} by one reader at a time under the store's refresh lock.
 */
public final class Engine implements Closeable
{
    /** Name of the superblock file in a store directory. */
    public static final String META = "meta";

    private static final System.Logger LOGGER = System.getLogger("io.pagekv");

    private final Path dir;
    private final FileIO io;
    private final PageStore pages;
    private final StoreFile meta;
    private final WriterLock lock;
    private final SuperblockSlot created;
    private final boolean writable;
    private final CommitState recoveredFrom;
    private CommitLog log;
    private final List<CorruptStoreException> openWarnings = new ArrayList<>();
    private SuperblockSlot lastCheckpoint;
    private CommitState head;
    private long checkpointedBytes;

    private Engine(
        final Path dir, final FileIO io, final PageStore pages, final StoreFile meta, final WriterLock lock,
        final SuperblockSlot slot, final CommitState head, final boolean writable)
    {
        this.dir = dir;
        this.io = io;
        this.pages = pages;
        this.meta = meta;
        this.lock = lock;
        this.created = slot;
        this.lastCheckpoint = slot;
        this.head = head;
        this.recoveredFrom = head;
        this.writable = writable;
    }

    /**
     * Opens a store for writing, creating it if the directory holds none.
     *
     * @param dir          the store directory.
     * @param io           the file seam.
     * @param pageSize     page size for a new store.
     * @param segmentBytes default segment size for a new store.
     * @param allocateAheadBytes zeros written ahead of the log's tail (for forced commits), 0 for none.
     * @return the open engine, holding the writer lock.
     */
    public static Engine openWritable(
        final Path dir, final FileIO io, final int pageSize, final long segmentBytes, final long allocateAheadBytes)
    {
        try
        {
            io.createDirectories(dir);
            if (!Files.exists(dir.resolve(META)))
            {
                refuseForeignDirectory(dir);
            }
        }
        catch (final IOException ex)
        {
            throw new StoreIOException("cannot create store directory " + dir, ex);
        }
        final WriterLock lock = WriterLock.acquire(dir, io);
        StoreFile meta = null;
        try
        {
            final Path metaPath = dir.resolve(META);
            if (!Files.exists(metaPath))
            {
                create(dir, io, pageSize, segmentBytes);
            }
            meta = io.open(metaPath, false);
            final Engine engine = recover(dir, io, meta, lock, true, allocateAheadBytes);
            engine.deleteSegmentsAfterHead();
            engine.makeTailDurable();
            return engine;
        }
        catch (final IOException ex)
        {
            closeQuietly(meta, lock);
            throw new StoreIOException("cannot open store " + dir, ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(meta, lock);
            throw ex;
        }
    }

    /**
     * Opens an existing store for reading only, without the writer lock: another process may
     * be writing it. Never writes anything.
     *
     * @param dir the store directory.
     * @param io  the file seam.
     * @return the open engine.
     */
    public static Engine openReadOnly(final Path dir, final FileIO io)
    {
        final Path metaPath = dir.resolve(META);
        if (!Files.isDirectory(dir))
        {
            throw new StoreException("no store at " + dir + ": not a directory");
        }
        if (!Files.exists(metaPath))
        {
            throw new StoreException("no store at " + dir + ": it has no meta file");
        }
        StoreFile meta = null;
        try
        {
            meta = io.openReadOnly(metaPath);
            return recover(dir, io, meta, null, false, 0);
        }
        catch (final IOException ex)
        {
            closeQuietly(meta, null);
            throw new StoreIOException("cannot open store " + dir, ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(meta, null);
            throw ex;
        }
    }

    private static void create(final Path dir, final FileIO io, final int pageSize, final long segmentBytes) throws IOException
    {
        if (isInterruptedCreation(dir, io))
        {
            // A process died while creating this store, before meta became durable. The first
            // commit is written only after that, so nothing was ever committed: start afresh.
            io.delete(SegmentFiles.path(dir, 0));
            io.delete(dir.resolve(META + ".new"));
            io.forceDirectory(dir);
        }
        if (SegmentFiles.list(dir).length > 0)
        {
            throw new CorruptStoreException(dir.resolve(META), CorruptStoreException.UNKNOWN, CorruptStoreException.UNKNOWN,
                "meta file is missing but the directory holds segment files; restore meta from a backup, or move the segments away to start afresh");
        }
        refuseForeignDirectory(dir);
        final long storeId = new SecureRandom().nextLong();
        final long now = System.currentTimeMillis();
        final PageStore pages = new PageStore(dir, pageSize);
        final Segment first = CommitLog.createSegment(dir, io, pages, storeId, 0, (int)(segmentBytes / pageSize), 0);
        final ByteBuffer record = ByteBuffer.allocateDirect(pageSize);
        final UnsafeBuffer buffer = new UnsafeBuffer(record);
        final long recordId = PageAddress.of(0, 1);
        PageLayout.writeHeader(buffer, 0, PageType.COMMIT, 0, recordId, 0, 0, 0);
        CommitLayout.write(buffer, 0, PageAddress.NONE, PageAddress.NONE, 0, 0, 0, now);
        final int recordCrc = PageLayout.seal(buffer, 0, pageSize);
        first.file().write(pageSize, record);
        first.file().force();
        first.file().close();
        final Path staging = dir.resolve(META + ".new");
        try (StoreFile file = io.open(staging, true))
        {
            file.setLength(0);
            Superblock.write(file, new SuperblockSlot(0, 1, storeId, pageSize, recordId, 0, recordCrc, segmentBytes, now));
            file.setLength(Superblock.FILE_LENGTH);
            file.force();
        }
        io.moveAtomically(staging, dir.resolve(META));
        io.forceDirectory(dir);
    }

    /**
     * A new store is made only in an empty directory, or one left by an interrupted creation or
     * holding segments without meta (which {@link #create} sorts out), never among someone else's files.
     */
    private static void refuseForeignDirectory(final Path dir) throws IOException
    {
        try (java.util.stream.Stream<Path> entries = Files.list(dir))
        {
            final List<String> foreign = entries.map(p -> p.getFileName().toString())
                .filter(name -> !name.equals(WriterLock.FILE_NAME) && !name.equals(META + ".new") && !name.startsWith(SegmentFiles.PREFIX))
                .sorted().limit(3).toList();
            if (!foreign.isEmpty())
            {
                throw new StoreException("no store at " + dir + " and the directory is not empty (it holds " +
                    String.join(", ", foreign) + "); give pagekv an empty or new directory");
            }
        }
    }

    /**
     * Whether a directory without meta holds only what an interrupted {@link #create} leaves:
     * {@code seg-000000} and nothing after its first commit record (txn 0). With a valid header
     * the first real commit would start at page 2; without one, no page after the header was
     * written either (the header is forced before the record of txn 0 is written).
     */
    private static boolean isInterruptedCreation(final Path dir, final FileIO io) throws IOException
    {
        final int[] segments = SegmentFiles.list(dir);
        if (segments.length != 1 || segments[0] != 0)
        {
            return false;
        }
        try (StoreFile file = io.openReadOnly(SegmentFiles.path(dir, 0)))
        {
            final ByteBuffer header = ByteBuffer.allocate(FormatVersion.MIN_PAGE_SIZE).order(FormatVersion.ORDER);
            file.read(0, header);
            final int pageSize = header.getInt(SegmentHeaderLayout.PAGE_SIZE_OFFSET);
            final boolean valid = header.getInt(SegmentHeaderLayout.MAGIC_OFFSET) == FormatVersion.SEGMENT_MAGIC &&
                pageSize >= FormatVersion.MIN_PAGE_SIZE && pageSize <= FormatVersion.MAX_PAGE_SIZE && Integer.bitCount(pageSize) == 1;
            final long firstCommit = valid ? 2L * pageSize : FormatVersion.MIN_PAGE_SIZE;
            final ByteBuffer rest = ByteBuffer.allocate(FormatVersion.MAX_PAGE_SIZE);
            while (rest.hasRemaining() && file.read(firstCommit + rest.position(), rest) > 0)
            {
                // reads up to one largest page, or to the end of the file
            }
            for (int i = 0; i < rest.position(); i++)
            {
                if (rest.get(i) != 0)
                {
                    return false;
                }
            }
            return true;
        }
    }

    private static Engine recover(
        final Path dir, final FileIO io, final StoreFile meta, final WriterLock lock, final boolean writable, final long allocateAheadBytes)
        throws IOException
    {
        final List<CorruptStoreException> damagedSlots = new ArrayList<>();
        final List<SuperblockSlot> slots = Superblock.read(meta, damagedSlots);
        CorruptStoreException failure = null;
        for (final SuperblockSlot slot : slots)
        {
            final PageStore pages = new PageStore(dir, slot.pageSize());
            try
            {
                final CommitState checkpoint = checkpointedCommit(dir, io, pages, slot, writable);
                final Engine engine = new Engine(dir, io, pages, meta, lock, slot, checkpoint, writable);
                engine.walkForward();
                engine.mapSegmentsUpToHead(writable);
                if (writable)
                {
                    // Appending continues after the last valid commit found by the walk.
                    engine.log = new CommitLog(dir, io, pages, slot.storeId(), slot.segmentSize(), engine.head, allocateAheadBytes);
                }
                engine.openWarnings.addAll(damagedSlots);
                if (failure != null)
                {
                    LOGGER.log(System.Logger.Level.WARNING, "opened " + dir + " at the older checkpoint in slot " + slot.slot() +
                        " (txn " + engine.head.txnId() + ") because the newer one is unreadable: " + failure.getMessage());
                    engine.openWarnings.add(new CorruptStoreException(failure.file(), failure.page(), failure.offset(),
                        "the newest checkpoint is unusable: " + failure.what() + "; the store opened at the older checkpoint (txn " +
                        slot.commitTxn() + ") and every commit after it is lost"));
                }
                return engine;
            }
            catch (final CorruptStoreException ex)
            {
                for (final Segment segment : pages.all())
                {
                    segment.file().close();
                }
                if (failure == null)
                {
                    failure = ex;
                }
                else
                {
                    failure.addSuppressed(ex);
                }
            }
        }
        throw failure;
    }

    private static CommitState checkpointedCommit(
        final Path dir, final FileIO io, final PageStore pages, final SuperblockSlot slot, final boolean writable) throws IOException
    {
        final int number = PageAddress.segment(slot.commitPage());
        final Segment segment = mapSegment(dir, io, pages, number, slot.storeId(), writable);
        if (segment == null)
        {
            throw new CorruptStoreException(SegmentFiles.path(dir, number), CorruptStoreException.UNKNOWN, CorruptStoreException.UNKNOWN,
                "segment holding the checkpointed commit " + PageAddress.toString(slot.commitPage()) + " is missing");
        }
        final int index = PageAddress.pageIndex(slot.commitPage());
        final CommitState state = CommitReader.record(segment, index);
        if (state == null || state.txnId() != slot.commitTxn() || state.recordCrc() != slot.commitCrc())
        {
            throw segment.corrupt(index, (long)segment.offset(index), "checkpointed commit record of txn " + slot.commitTxn() +
                " (slot " + slot.slot() + ") is damaged or does not match the superblock");
        }
        return state;
    }

    private static Segment mapSegment(
        final Path dir, final FileIO io, final PageStore pages, final int number, final long storeId, final boolean writable)
        throws IOException
    {
        final Segment known = pages.find(number);
        if (known != null)
        {
            return known;
        }
        final Path path = SegmentFiles.path(dir, number);
        if (!Files.exists(path))
        {
            return null;
        }
        final StoreFile file = writable ? io.open(path, false) : io.openReadOnly(path);
        try
        {
            final Segment segment = Segment.map(number, file, pages.pageSize(), storeId);
            pages.add(segment);
            return segment;
        }
        catch (final IOException | RuntimeException ex)
        {
            file.close();
            throw ex;
        }
    }

    private void walkForward() throws IOException
    {
        for (CommitState next = successorOf(head); next != null; next = successorOf(head))
        {
            head = next;
        }
    }

    /**
     * @return the valid successor of {@code state}: right after its body in the same segment, or
     * on page 1 of the next segment; null at the end of the log.
     */
    private CommitState successorOf(final CommitState state) throws IOException
    {
        final CommitState next = CommitReader.successor(pages.find(state.segment()), state.nextPageIndex(), state);
        if (next != null)
        {
            return next;
        }
        final Segment following = mapFollowing(state.segment() + 1);
        return following == null ? null : CommitReader.successor(following, 1, state);
    }

    /**
     * Makes the commits that recovery found after the checkpoint durable before anything is built
     * on them. They may exist only in the page cache: the process that wrote them may have died
     * before forcing, or its force failed, and after a failed fsync the kernel can keep the pages
     * marked clean so that no later force writes them (PostgreSQL's "fsyncgate"). Writing the same
     * bytes again makes them dirty; a force and a checkpoint then make them durable. A torn rewrite
     * leaves each sector as it was or as it should be, so it is safe at any moment.
     */
    private void makeTailDurable() throws IOException
    {
        if (lastCheckpoint.commitPage() == head.recordId())
        {
            return;
        }
        final java.util.Set<Segment> written = new java.util.LinkedHashSet<>();
        CommitState state = recoveredFrom;
        while (state.txnId() < head.txnId())
        {
            final CommitState next = successorOf(state);
            final Segment segment = pages.find(next.segment());
            final int from = segment.offset(PageAddress.pageIndex(next.recordId()));
            final ByteBuffer bytes = segment.buffer().byteBuffer().duplicate();
            bytes.limit(segment.offset(next.nextPageIndex())).position(from);
            segment.file().write(from, bytes);
            written.add(segment);
            state = next;
        }
        for (final Segment segment : written)
        {
            segment.file().force();
        }
        checkpoint();
    }

    private Segment mapFollowing(final int number) throws IOException
    {
        try
        {
            final Segment known = pages.find(number);
            if (known == null || writable)
            {
                return mapSegment(dir, io, pages, number, created.storeId(), writable);
            }
            // A reader can map the next segment before any commit is in it, and the writer that
            // created it can die; a writer restarted since deletes that file and later creates a
            // new one of the same name. Until the walk enters a segment, map its name afresh.
            final Path path = SegmentFiles.path(dir, number);
            if (!Files.exists(path))
            {
                return null;
            }
            final StoreFile file = io.openReadOnly(path);
            try
            {
                final Segment fresh = Segment.map(number, file, pages.pageSize(), created.storeId());
                pages.add(fresh);
                known.file().close();
                return fresh;
            }
            catch (final IOException | RuntimeException ex)
            {
                file.close();
                throw ex;
            }
        }
        catch (final CorruptStoreException ex)
        {
            // A segment past the last commit whose header never became durable holds nothing committed.
            return null;
        }
    }

    private void mapSegmentsUpToHead(final boolean writable) throws IOException
    {
        for (final int number : SegmentFiles.list(dir))
        {
            if (number <= head.segment() && mapSegment(dir, io, pages, number, created.storeId(), writable) == null)
            {
                throw new CorruptStoreException(SegmentFiles.path(dir, number), CorruptStoreException.UNKNOWN, CorruptStoreException.UNKNOWN,
                    "segment vanished while the store was opening");
            }
        }
    }

    /**
     * Deletes the segments past the head and forces the directory. The force is unconditional: a
     * writer that died (or failed) before forcing the directory may have left names, {@code meta}
     * itself after an interrupted creation, that a power loss would still take away.
     */
    private void deleteSegmentsAfterHead() throws IOException
    {
        for (final int number : SegmentFiles.list(dir))
        {
            if (number > head.segment())
            {
                final Segment stale = pages.find(number);
                if (stale != null)
                {
                    stale.file().close();
                }
                io.delete(SegmentFiles.path(dir, number));
            }
        }
        io.forceDirectory(dir);
    }

    /**
     * @return damage found while opening that recovery worked around: damaged superblock slots,
     * a newest checkpoint that could not be used.
     */
    public List<CorruptStoreException> openWarnings()
    {
        return List.copyOf(openWarnings);
    }

    /**
     * @return the newest commit this engine knows.
     */
    public CommitState head()
    {
        return head;
    }

    /**
     * @return the page store.
     */
    public PageStore pages()
    {
        return pages;
    }

    /**
     * @return the store directory.
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * @return the slot written at the last checkpoint (or read at open).
     */
    public SuperblockSlot lastCheckpoint()
    {
        return lastCheckpoint;
    }

    /**
     * @return the superblock as read at open, for the store id, creation time and sizes.
     */
    public SuperblockSlot superblock()
    {
        return created;
    }

    /**
     * Writes a transaction and makes it the head; forcing is the caller's.
     *
     * @param tree the transaction's tree.
     * @param time the commit time.
     * @return the new head.
     * @throws IOException if a write fails; then the head is unchanged.
     */
    public CommitState commit(final WriteTree tree, final long time) throws IOException
    {
        final CommitState next = log.append(tree, head, time);
        head = next;
        return next;
    }

    /**
     * Forces every write since the last force.
     *
     * @throws IOException if a force fails; the caller must poison the store.
     */
    public void force() throws IOException
    {
        log.force();
    }

    /**
     * Checkpoints when the log grew by {@code everyBytes} since the last checkpoint, or the head
     * moved to another segment.
     *
     * @param everyBytes log growth between checkpoints.
     * @throws IOException if a write or force fails; the caller must poison the store.
     */
    public void maybeCheckpoint(final long everyBytes) throws IOException
    {
        if (log.bytesWritten() - checkpointedBytes >= everyBytes ||
            PageAddress.segment(lastCheckpoint.commitPage()) != head.segment())
        {
            checkpoint();
        }
    }

    /**
     * Forces the log and writes the head into the older superblock slot.
     *
     * @throws IOException if a write or force fails; the caller must poison the store.
     */
    public void checkpoint() throws IOException
    {
        if (lastCheckpoint.commitPage() == head.recordId())
        {
            return;
        }
        log.force();
        final SuperblockSlot slot = new SuperblockSlot(1 - lastCheckpoint.slot(), lastCheckpoint.sequence() + 1,
            created.storeId(), pages.pageSize(), head.recordId(), head.txnId(), head.recordCrc(), created.segmentSize(),
            created.created());
        Superblock.write(meta, slot);
        lastCheckpoint = slot;
        checkpointedBytes = log.bytesWritten();
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
            walkForward();
            return head;
        }
        catch (final IOException ex)
        {
            throw new StoreIOException("cannot read new commits of " + dir, ex);
        }
    }

    /**
     * @return whether this engine may write.
     */
    public boolean isWritable()
    {
        return writable;
    }

    /**
     * Closes files and releases the lock; a writable engine checkpoints first (the caller does
     * that so it can poison on failure). Mappings are left to the garbage collector, so that a
     * buffer still held by the application can never point at unmapped memory.
     */
    @Override
    public void close() throws IOException
    {
        final List<IOException> failures = new ArrayList<>();
        for (final Segment segment : pages.all())
        {
            try
            {
                segment.file().close();
            }
            catch (final IOException ex)
            {
                failures.add(ex);
            }
        }
        closeQuietly(meta, lock);
        if (!failures.isEmpty())
        {
            throw failures.get(0);
        }
    }

    private static void closeQuietly(final StoreFile meta, final WriterLock lock)
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
            if (lock != null)
            {
                lock.close();
            }
        }
        catch (final IOException ignored)
        {
            // As above.
        }
    }
}
