package io.pagekv.patch;

import io.pagekv.PatchRefusedException;
import io.pagekv.btree.PointLookup;
import io.pagekv.format.OverflowLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.page.PageStore;
import io.pagekv.page.Segment;
import io.pagekv.txn.CommitState;
import org.agrona.DirectBuffer;

/**
 * Where a key's patchable value lies in one commit: its run, checked (type, own id, checksum on
 * first read), and the value's length. Refuses, with {@link PatchRefusedException}, a key that is
 * absent or whose value was not put patchable.
 *
 * @param runId       the run's first page id.
 * @param segment     the segment holding it.
 * @param runOffset   the run's offset in the segment's mapping.
 * @param valueLength the value's length.
 * @param txnId       the txn that wrote the run.
 */
record PatchTarget(long runId, Segment segment, int runOffset, int valueLength, long txnId)
{
    /**
     * @param pages  the page store.
     * @param head   the commit to look in.
     * @param key    the key.
     * @param keyLen its length.
     * @param dir    the store directory, for messages.
     * @return the target.
     * @throws PatchRefusedException if the key is absent or its value not patchable.
     */
    static PatchTarget resolve(final PageStore pages, final CommitState head, final DirectBuffer key, final int keyLen, final Object dir)
    {
        final long runId = PointLookup.findRun(pages, head.root(), head.depth(), key, 0, keyLen);
        if (runId == PointLookup.MISSING)
        {
            throw new PatchRefusedException(PatchRefusedException.Reason.MISSING_KEY,
                "no entry for the key (" + keyLen + " bytes) in " + dir + " at txn " + head.txnId() + "; nothing was changed");
        }
        if (runId == PageAddress.NONE)
        {
            throw notPatchable(dir, keyLen, "is stored inline in its leaf");
        }
        final Segment segment = pages.segment(runId);
        final int offset = segment.checkedPage(PageAddress.pageIndex(runId), PageType.OVERFLOW);
        if (!PageLayout.isPatchableRun(segment.buffer(), offset))
        {
            throw notPatchable(dir, keyLen, "lies in an overflow run " + PageAddress.toString(runId) + " that is not patchable");
        }
        return new PatchTarget(runId, segment, offset, PageLayout.aux2(segment.buffer(), offset), PageLayout.txnId(segment.buffer(), offset));
    }

    private static PatchRefusedException notPatchable(final Object dir, final int keyLen, final String where)
    {
        return new PatchRefusedException(PatchRefusedException.Reason.NOT_PATCHABLE, "the value of the key (" + keyLen +
            " bytes) in " + dir + " " + where + ": it was put with a plain put; only values put with putPatchable change in place; " +
            "nothing was changed");
    }

    /**
     * @param offset where in the value.
     * @param length how many bytes.
     * @throws PatchRefusedException if the range does not lie inside the value.
     */
    void checkRange(final long offset, final int length)
    {
        if (offset < 0 || length < 0 || offset + length > valueLength)
        {
            throw new PatchRefusedException(PatchRefusedException.Reason.OUT_OF_RANGE, "range [" + offset + ", " + (offset + length) +
                ") lies outside the value of " + valueLength + " bytes in run " + PageAddress.toString(runId) + " of " +
                segment.path() + "; nothing was changed");
        }
    }

    /**
     * @param offset where in the value the 8-byte field starts.
     * @throws PatchRefusedException if it is not a multiple of 8 or not inside the value.
     */
    void checkCounter(final long offset)
    {
        if ((offset & (Long.BYTES - 1)) != 0)
        {
            throw new PatchRefusedException(PatchRefusedException.Reason.MISALIGNED, "counter offset " + offset +
                " is not a multiple of 8 (value in run " + PageAddress.toString(runId) + " of " + segment.path() + "); nothing was changed");
        }
        checkRange(offset, Long.BYTES);
    }

    /**
     * @param offset where in the value.
     * @return the position of that byte in the run (from the run's first byte).
     */
    int inRun(final long offset)
    {
        return OverflowLayout.VALUE_OFFSET + (int)offset;
    }

    /** @return bytes of the run, the length its checksum covers. */
    int runLength()
    {
        return PageLayout.aux1(segment.buffer(), runOffset) * segment.offset(1);
    }
}
