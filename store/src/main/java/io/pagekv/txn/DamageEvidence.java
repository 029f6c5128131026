package io.pagekv.txn;

import io.pagekv.CorruptStoreException;
import io.pagekv.DamagedHistoryException;
import io.pagekv.format.CommitLayout;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.format.SegmentHeaderLayout;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import io.pagekv.page.SegmentFiles;
import io.pagekv.page.SegmentTable;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Looks, at open, for proof that the log once went further than the walk from the checkpoint
 * reached: that the commits lost are not a torn tail but damage. A crash or a power loss can
 * lose only commits that were never forced; these facts prove a force happened:
 *
 * <ul>
 *   <li>A segment file numbered above the head's segment + 1 exists. The writer forces the full
 *       segment before it creates the next one ({@link CommitLog}'s roll), and a writable open
 *       deletes segments past its head, so segment {@code n + 2} proves that segment
 *       {@code n + 1} held forced commits.</li>
 *   <li>A later segment's header names a creating txn {@code t} with {@code t - 1} above the
 *       head: the roll to it forced every commit up to {@code t - 1} first.</li>
 *   <li>Page 1 of a later segment holds a commit record (right type, own id, own CRC) with a txn
 *       id above the head that is not the head's torn successor: its predecessor was forced by
 *       the roll.</li>
 *   <li>A segment numbered from the log's first segment up to the head's is missing: compaction
 *       retires segments only below the first segment, which the superblock records.</li>
 * </ul>
 *
 * <p>Only the header page and page 1 of each segment past the head are read, so the cost does
 * not grow with the store. Records after a break inside the head's own segment are not proof:
 * with {@code ASYNC} commits, a power loss may keep a later unforced commit and lose an earlier
 * one, and a crash leaves records of an abandoned tail behind.
 */
final class DamageEvidence
{
    /** What every refusal says about the attempt and how to go on. */
    static final String ADVICE = "Nothing was changed. To go on: read what is left with DamagePolicy.OPEN_READ_ONLY_AT_LAST_GOOD " +
        "(--damage-policy open-read-only-at-last-good), copy every intact entry to a new store with Store.salvage " +
        "(pagekv recover DIR TARGET), or discard what lies beyond with DamagePolicy.TRUNCATE_TO_LAST_GOOD";

    private DamageEvidence()
    {
    }

    /**
     * @param segments the segment table (listing the directory).
     * @param io       the file seam, to read pages of segments recovery did not map.
     * @param firstSegment the log's first segment: compaction retired the ones below.
     * @param head     the last valid commit the walk reached.
     * @return the proof that history is missing, or null if there is none.
     * @throws IOException if the directory or a page cannot be read.
     */
    static DamagedHistoryException look(final SegmentTable segments, final FileIO io, final int firstSegment, final CommitState head)
        throws IOException
    {
        final Path dir = segments.dir();
        final int[] files = segments.listFiles();
        int expected = firstSegment;
        for (final int number : files)
        {
            if (number < firstSegment)
            {
                continue;
            }
            if (number != expected && expected <= head.segment())
            {
                return missingSegment(dir, expected, head, number);
            }
            expected = number + 1;
        }
        long firstBeyond = Long.MAX_VALUE;
        long lastBeyond = Long.MIN_VALUE;
        final StringBuilder proof = new StringBuilder();
        final int pageSize = segments.pages().pageSize();
        for (final int number : files)
        {
            if (number <= head.segment())
            {
                continue;
            }
            if (number > head.segment() + 1)
            {
                firstBeyond = Math.min(firstBeyond, head.txnId() + 1);
                lastBeyond = Math.max(lastBeyond, head.txnId() + 1);
                note(proof, "segment " + number + " exists, so segment " + (head.segment() + 1) + " once held forced commits");
            }
            final Pages pages = Pages.read(io, SegmentFiles.path(dir, number), pageSize);
            final long creator = pages.creatingTxn(number, segments.storeId(), pageSize);
            if (creator - 1 > head.txnId())
            {
                firstBeyond = Math.min(firstBeyond, head.txnId() + 1);
                lastBeyond = Math.max(lastBeyond, creator - 1);
                note(proof, "segment " + number + " was created for txn " + creator + " after txn " + (creator - 1) + " was forced");
            }
            final long txn = pages.recordTxnBeyond(number, pageSize, head);
            if (txn > head.txnId())
            {
                firstBeyond = Math.min(firstBeyond, head.txnId() + 1);
                lastBeyond = Math.max(lastBeyond, txn);
                note(proof, "page 1 of segment " + number + " (offset " + pageSize + ") holds the commit record of txn " + txn);
            }
        }
        if (proof.length() == 0)
        {
            return null;
        }
        // Where the head's successor should be: after its body, or page 1 of the next segment.
        final boolean inSegment = head.nextPageIndex() < segments.pages().find(head.segment()).capacityPages();
        final int breakSegment = inSegment ? head.segment() : head.segment() + 1;
        final long breakPage = inSegment ? head.nextPageIndex() : 1;
        return new DamagedHistoryException(SegmentFiles.path(dir, breakSegment), breakPage, breakPage * pageSize,
            "the log ends after txn " + head.txnId() + " (record " + PageAddress.toString(head.recordId()) + ") but txns " + firstBeyond +
            ".." + lastBeyond + " were committed beyond it: " + proof + ". " + ADVICE,
            head.txnId(), firstBeyond, lastBeyond);
    }

    private static DamagedHistoryException missingSegment(final Path dir, final int missing, final CommitState head, final int next)
    {
        return new DamagedHistoryException(SegmentFiles.path(dir, missing), CorruptStoreException.UNKNOWN, CorruptStoreException.UNKNOWN,
            "segment " + missing + " is missing (the next file is segment " + next + ") though the log's head, txn " + head.txnId() +
            ", lies in segment " + head.segment() + "; its pages are lost. " + ADVICE,
            head.txnId(), CorruptStoreException.UNKNOWN, CorruptStoreException.UNKNOWN);
    }

    private static void note(final StringBuilder proof, final String fact)
    {
        proof.append(proof.length() == 0 ? "" : "; ").append(fact);
    }

    /**
     * The header page and page 1 of a segment file, read without mapping it: either may be
     * missing or damaged (then it proves nothing).
     */
    private record Pages(UnsafeBuffer header, UnsafeBuffer first)
    {
        static Pages read(final FileIO io, final Path path, final int pageSize) throws IOException
        {
            final ByteBuffer header = ByteBuffer.allocateDirect(pageSize);
            final ByteBuffer first = ByteBuffer.allocateDirect(pageSize);
            try (StoreFile file = io.openReadOnly(path))
            {
                file.readFully(0, header);
                file.readFully(pageSize, first);
            }
            return new Pages(header.hasRemaining() ? null : new UnsafeBuffer(header), first.hasRemaining() ? null : new UnsafeBuffer(first));
        }

        /**
         * @return the txn the segment's intact header says created it, or -1.
         */
        long creatingTxn(final int number, final long storeId, final int pageSize)
        {
            if (header == null || PageLayout.type(header, 0) != PageType.SEGMENT_HEADER ||
                SegmentHeaderLayout.magic(header) != FormatVersion.SEGMENT_MAGIC ||
                PageLayout.checksum(header, 0, pageSize) != PageLayout.crc(header, 0) ||
                SegmentHeaderLayout.segment(header) != number || SegmentHeaderLayout.storeId(header) != storeId)
            {
                return -1;
            }
            return PageLayout.txnId(header, 0);
        }

        /**
         * @return the txn id of an intact commit record on page 1 that is not the head's torn
         * successor, or -1.
         */
        long recordTxnBeyond(final int number, final int pageSize, final CommitState head)
        {
            if (first == null || PageLayout.type(first, 0) != PageType.COMMIT || PageLayout.pageId(first, 0) != PageAddress.of(number, 1) ||
                PageLayout.checksum(first, 0, pageSize) != PageLayout.crc(first, 0))
            {
                return -1;
            }
            final long txn = PageLayout.txnId(first, 0);
            final boolean tornSuccessor = txn == head.txnId() + 1 && CommitLayout.previous(first, 0) == head.recordId() &&
                CommitLayout.previousCrc(first, 0) == head.recordCrc();
            return tornSuccessor ? -1 : txn;
        }
    }
}
