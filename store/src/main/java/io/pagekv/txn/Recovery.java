package io.pagekv.txn;

import io.pagekv.CorruptStoreException;
import io.pagekv.DamagedHistoryException;
import io.pagekv.format.PageAddress;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import io.pagekv.page.Segment;
import io.pagekv.page.SegmentFiles;
import io.pagekv.page.SegmentTable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the last valid commit of a store at open. Takes the newest valid superblock slot, checks
 * the commit it names, then walks forward through the log ({@link LogReader}) while each record
 * is a valid successor. The first missing, torn or stale record ends the log: a torn tail.
 *
 * <p>Then it tells a torn tail from damage. The commit the newest checkpoint names was forced
 * before the slot was written, so its loss is damage; so is anything {@link DamageEvidence}
 * finds past the head. Damage is refused ({@link OnDamage#REFUSE}), or, when the caller chose a
 * policy, the store opens at the last good commit (falling back to the older slot if the newest
 * checkpoint is unusable) and the damage is kept as an open warning.
 *
 * @param segments     the segment table, with every segment up to the head in it: mapped, or,
 *                     when the walk ends where a clean close left it, left to its first read.
 * @param reader       the log reader over it.
 * @param slot         the superblock slot recovery started from.
 * @param checkpointed the commit that slot names.
 * @param head         the last valid commit.
 * @param warnings     damage recovery worked around: damaged slots, missing history.
 * @param damage       the proof that history is missing, or null.
 */
record Recovery(
    SegmentTable segments, LogReader reader, SuperblockSlot slot, CommitState checkpointed, CommitState head,
    List<CorruptStoreException> warnings, DamagedHistoryException damage)
{
    private static final System.Logger LOGGER = System.getLogger("io.pagekv");

    /** Walks again while a live writer moves the head; each pass needs new commits to repeat. */
    private static final int MAX_SETTLE_PASSES = 1000;

    /**
     * @param dir      the store directory.
     * @param io       the file seam.
     * @param meta     the superblock file.
     * @param writable whether segment files are opened for writing.
     * @param onDamage what to do with proof that history is missing.
     * @return what recovery found.
     * @throws IOException              if a file cannot be read.
     * @throws DamagedHistoryException  if history is missing and {@code onDamage} is {@link OnDamage#REFUSE}.
     * @throws CorruptStoreException    if no superblock slot leads to a valid commit, or (when
     *                                  refusing) the newest one's segments are damaged.
     */
    static Recovery run(final Path dir, final FileIO io, final StoreFile meta, final boolean writable, final OnDamage onDamage)
        throws IOException
    {
        final List<CorruptStoreException> damagedSlots = new ArrayList<>();
        final List<SuperblockSlot> slots = Superblock.read(meta, damagedSlots);
        CorruptStoreException failure = null;
        for (final SuperblockSlot slot : slots)
        {
            final SegmentTable segments = new SegmentTable(dir, io, slot.pageSize(), slot.storeId(), writable);
            try
            {
                final LogReader reader = new LogReader(segments, writable);
                final CommitState checkpointed = checkpointedCommit(segments, slot);
                CommitState head = reader.last(checkpointed);
                // Under a damage policy, a segment below the walk that cannot be mapped loses only
                // its own pages: reads of them fail, and salvage reads its pages one by one.
                final List<CorruptStoreException> unmapped = onDamage == OnDamage.REFUSE ? null : new ArrayList<>();
                if (writable && endsAtCleanClose(slot, head, damagedSlots, failure))
                {
                    addUnmappedUpTo(segments, slot.firstSegment(), head.segment());
                }
                else
                {
                    mapSegmentsUpTo(segments, slot.firstSegment(), head.segment(), checkpointed.segment(), unmapped);
                }
                DamagedHistoryException damage = failure == null ? null : checkpointLost(failure, head);
                if (damage == null)
                {
                    final Settled settled = settle(segments, io, reader, head, writable, slot.firstSegment(), checkpointed.segment(), unmapped);
                    head = settled.head();
                    damage = settled.damage();
                }
                if (damage != null && onDamage == OnDamage.REFUSE)
                {
                    throw damage;
                }
                final List<CorruptStoreException> warnings = new ArrayList<>(damagedSlots);
                if (unmapped != null)
                {
                    warnings.addAll(unmapped);
                }
                if (damage != null)
                {
                    LOGGER.log(System.Logger.Level.WARNING, "opened " + dir + " at txn " + head.txnId() +
                        " as the damage policy asks: " + damage.getMessage());
                    warnings.add(damage);
                }
                return new Recovery(segments, reader, slot, checkpointed, head, warnings, damage);
            }
            catch (final CorruptStoreException ex)
            {
                segments.closeQuietly();
                if (onDamage == OnDamage.REFUSE)
                {
                    throw ex;
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
            catch (final IOException | RuntimeException ex)
            {
                segments.closeQuietly();
                throw ex;
            }
        }
        throw failure;
    }

    /** Where the walk ended once a live writer no longer moves it, and the proof found past it. */
    private record Settled(CommitState head, DamagedHistoryException damage)
    {
    }

    /**
     * Looks for proof of missing history past {@code head}. A read-only open races the writer:
     * what looks like commits beyond the head may be ones it appended after the walk, so the
     * walk goes on and the proof is looked for again; only a head that stays put while the proof
     * stays is damage.
     */
    private static Settled settle(
        final SegmentTable segments, final FileIO io, final LogReader reader, final CommitState walked, final boolean writable,
        final int firstSegment, final int walkedFrom, final List<CorruptStoreException> unmapped) throws IOException
    {
        CommitState head = walked;
        for (int pass = 0; pass < MAX_SETTLE_PASSES; pass++)
        {
            DamagedHistoryException damage = DamageEvidence.look(segments, io, firstSegment, head);
            if (damage == null)
            {
                damage = DamagedPatchRecord.look(reader, head, segments.pages());
            }
            final CommitState moved = damage == null || writable ? head : reader.last(head);
            if (moved.txnId() == head.txnId())
            {
                return new Settled(head, damage);
            }
            head = moved;
            mapSegmentsUpTo(segments, firstSegment, head.segment(), walkedFrom, unmapped);
        }
        return new Settled(head, null);
    }

    private static DamagedHistoryException checkpointLost(final CorruptStoreException failure, final CommitState head)
    {
        final long beyond = failure instanceof DamagedHistoryException lost ? lost.lastTxnBeyond() : CorruptStoreException.UNKNOWN;
        return new DamagedHistoryException(failure.file(), failure.page(), failure.offset(),
            "the older checkpoint's log ends at txn " + head.txnId() + " because the newest checkpoint is unusable: " + failure.what(),
            head.txnId(), head.txnId() + 1, Math.max(beyond, head.txnId() + 1));
    }

    private static CommitState checkpointedCommit(final SegmentTable segments, final SuperblockSlot slot) throws IOException
    {
        final int number = PageAddress.segment(slot.commitPage());
        final Segment segment = segments.open(number);
        if (segment == null)
        {
            throw new DamagedHistoryException(SegmentFiles.path(segments.dir(), number), CorruptStoreException.UNKNOWN,
                CorruptStoreException.UNKNOWN, "segment holding the checkpointed commit " + PageAddress.toString(slot.commitPage()) +
                " of txn " + slot.commitTxn() + " (superblock slot " + slot.slot() + ") is missing. " + DamageEvidence.ADVICE,
                CorruptStoreException.UNKNOWN, slot.commitTxn(), slot.commitTxn());
        }
        final int index = PageAddress.pageIndex(slot.commitPage());
        final CommitState state = CommitReader.readRecord(segment, index);
        if (state == null || state.txnId() != slot.commitTxn() || state.recordCrc() != slot.commitCrc())
        {
            final long offset = (long)index * segments.pages().pageSize();
            throw new DamagedHistoryException(segment.path(), index, offset, "checkpointed commit record of txn " + slot.commitTxn() +
                " (superblock slot " + slot.slot() + ") is damaged or does not match the superblock; it was forced before the " +
                "checkpoint was written, so this is damage, not a torn tail. " + DamageEvidence.ADVICE,
                CorruptStoreException.UNKNOWN, slot.commitTxn(), slot.commitTxn());
        }
        return state;
    }

    /**
     * Whether the walk ends where a clean close left the store: the newest slot, valid and with
     * nothing wrong with the other one, carries the close's mark and names the commit the walk
     * ended at. Then nothing below the head needs reading to open: the close forced every page
     * and every directory entry before it wrote the mark.
     */
    private static boolean endsAtCleanClose(
        final SuperblockSlot slot, final CommitState head, final List<CorruptStoreException> damagedSlots, final CorruptStoreException failure)
    {
        return failure == null && damagedSlots.isEmpty() && slot.closedCleanly() && head.recordId() == slot.commitPage();
    }

    /**
     * Puts every segment file from {@code first} up to {@code last} that is not mapped yet into
     * the store unmapped ({@link SegmentTable#addUnmapped}): each is mapped, and its header
     * checked, by the first read of its pages, and a damaged one fails that read as it would have
     * failed the open. Files below {@code first} are never read, as in {@link #mapSegmentsUpTo}.
     */
    private static void addUnmappedUpTo(final SegmentTable segments, final int first, final int last) throws IOException
    {
        segments.addUnmapped(Arrays.stream(segments.listFiles())
            .filter(number -> number >= first && number <= last && segments.pages().find(number) == null).toArray());
    }

    /**
     * Maps every segment from {@code first} up to {@code last}. Files below {@code first} are what
     * an interrupted retirement left (the superblock already says they are gone): never read. One
     * below {@code walkedFrom} (the walk never needed it) that cannot be mapped is added to
     * {@code unmapped} when that is not null; otherwise the failure is thrown.
     */
    static void mapSegmentsUpTo(
        final SegmentTable segments, final int first, final int last, final int walkedFrom, final List<CorruptStoreException> unmapped)
        throws IOException
    {
        for (final int number : segments.listFiles())
        {
            if (number < first || number > last || segments.pages().find(number) != null)
            {
                continue;
            }
            try
            {
                if (segments.open(number) == null)
                {
                    throw new CorruptStoreException(SegmentFiles.path(segments.dir(), number), CorruptStoreException.UNKNOWN,
                        CorruptStoreException.UNKNOWN, "segment vanished while the store was opening");
                }
            }
            catch (final CorruptStoreException ex)
            {
                if (unmapped == null || number >= walkedFrom)
                {
                    throw ex;
                }
                unmapped.add(ex);
            }
        }
    }
}
