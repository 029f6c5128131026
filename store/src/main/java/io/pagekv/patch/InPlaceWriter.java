package io.pagekv.patch;

import io.pagekv.CorruptStoreException;
import io.pagekv.format.CrcDelta;
import io.pagekv.format.PageLayout;
import io.pagekv.page.Segment;
import io.pagekv.txn.CommitState;
import io.pagekv.txn.Committer;
import io.pagekv.txn.Engine;
import io.pagekv.txn.InPlaceRuns;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Patches and counters of patchable values, in place. Every in-place write passes {@link #admit}
 * before anything is written and {@link #changed} after: the one place for the audit hook and
 * for a value cache's invalidation ({@link InPlaceWriteListener}).
 *
 * <p>A change takes the run's stripe ({@link InPlaceRuns}), changes the bytes, and xors the
 * checksum delta ({@link CrcDelta}) into the run's header, so that a checker, which takes the
 * stripe too, always finds the checksum matching. A patch is journaled first
 * ({@link Committer#journalPatch}); counters are not (see {@code docs/durability.md}).
 *
 * <p>Thread-safe: patches run under the store's write lock (the caller's); counters on any thread,
 * in any process.
 */
public final class InPlaceWriter
{
    private final Engine engine;
    private final Committer committer;
    private final Supplier<CommitState> head;
    private final Supplier<CommitState> latest;
    private final LongConsumer coverCheckpoint;
    private volatile InPlaceWriteListener listener = InPlaceWriteListener.NONE;

    /**
     * @param engine          the engine.
     * @param committer       the committer, or null for a read-only store (counters only).
     * @param head            the commit to find keys in: for a read-only store a recent one.
     * @param latest          the newest commit, refreshed for a read-only store: the second try
     *                        when the first found a segment retired under it.
     * @param coverCheckpoint makes sure the given txn is checkpointed before its runs change
     *                        in place (decision 13), or throws.
     */
    public InPlaceWriter(
        final Engine engine, final Committer committer, final Supplier<CommitState> head, final Supplier<CommitState> latest,
        final LongConsumer coverCheckpoint)
    {
        this.engine = engine;
        this.committer = committer;
        this.head = head;
        this.latest = latest;
        this.coverCheckpoint = coverCheckpoint;
    }

    /**
     * @param writeListener told of every in-place write from now on.
     */
    public void listen(final InPlaceWriteListener writeListener)
    {
        listener = writeListener;
    }

    /**
     * Overwrites bytes of a patchable value in place: journaled and forced, then written.
     * Under the store's write lock.
     *
     * @param key    the key.
     * @param keyLen its length.
     * @param offset where in the value.
     * @param bytes  the new bytes.
     * @param from   where they start in {@code bytes}.
     * @param length how many.
     * @throws io.pagekv.PatchRefusedException if the key is absent, the range outside the value,
     *         or the value not patchable; nothing was written.
     */
    public void patch(final DirectBuffer key, final int keyLen, final long offset, final DirectBuffer bytes, final int from, final int length)
    {
        final PatchTarget target = resolve(key, keyLen);
        target.checkRange(offset, length);
        admit(InPlaceWriteListener.InPlaceChange.PATCH, target, offset, length);
        final long recordId = committer.journalPatch(target.runId(), target.txnId(), (int)offset, bytes, from, length);
        final Segment segment = target.segment();
        final UnsafeBuffer mapped = segment.buffer();
        final int at = target.runOffset() + target.inRun(offset);
        final InPlaceRuns runs = engine.runs();
        runs.lockForChange(target.runId());
        try
        {
            // Named until bytes and checksum are written: if this process dies (or a write fails)
            // in between, the next writable open writes the record's bytes again (decision 62).
            runs.writingInPlace(target.runId(), recordId);
            final int delta = CrcDelta.of(mapped, at, bytes, from, length, target.runLength() - target.inRun(offset) - length);
            final int crc = mapped.getIntVolatile(target.runOffset() + PageLayout.CRC_OFFSET) ^ delta;
            final ByteBuffer out = ByteBuffer.allocate(length);
            bytes.getBytes(from, out, 0, length);
            segment.file().write(at, out);
            final ByteBuffer crcBytes = ByteBuffer.allocate(Integer.BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, crc);
            segment.file().write(target.runOffset() + PageLayout.CRC_OFFSET, crcBytes);
            runs.writtenInPlace(target.runId());
        }
        catch (final IOException ex)
        {
            // The record is forced and named in the stripe: the next writable open completes the patch.
            throw committer.inPlaceWriteFailed(target.runId(), ex);
        }
        finally
        {
            runs.unlock(target.runId());
        }
        committer.changedInPlace(segment);
        changed(target);
    }

    /**
     * @param key    the key.
     * @param keyLen its length.
     * @param offset where the 8-byte field starts in the value, a multiple of 8.
     * @param delta  what to add.
     * @return the field's new value.
     */
    public long addAndGet(final DirectBuffer key, final int keyLen, final long offset, final long delta)
    {
        final PatchTarget target = counterTarget(key, keyLen, offset, InPlaceWriteListener.InPlaceChange.ADD);
        final UnsafeBuffer run = engine.runs().map(target.runId());
        final int field = target.inRun(offset);
        final long updated;
        engine.runs().lockForChange(target.runId());
        try
        {
            final long old = run.getAndAddLong(field, delta);
            updated = old + delta;
            sealField(run, field, old, updated);
        }
        finally
        {
            engine.runs().unlock(target.runId());
        }
        changed(target);
        return updated;
    }

    /**
     * @param key      the key.
     * @param keyLen   its length.
     * @param offset   where the 8-byte field starts in the value, a multiple of 8.
     * @param expected the value the field must hold.
     * @param update   the value to set.
     * @return whether the field held {@code expected} and now holds {@code update}.
     */
    public boolean compareAndSet(final DirectBuffer key, final int keyLen, final long offset, final long expected, final long update)
    {
        final PatchTarget target = counterTarget(key, keyLen, offset, InPlaceWriteListener.InPlaceChange.COMPARE_AND_SET);
        final UnsafeBuffer run = engine.runs().map(target.runId());
        final int field = target.inRun(offset);
        final boolean set;
        engine.runs().lockForChange(target.runId());
        try
        {
            set = run.compareAndSetLong(field, expected, update);
            if (set)
            {
                sealField(run, field, expected, update);
            }
        }
        finally
        {
            engine.runs().unlock(target.runId());
        }
        if (set)
        {
            changed(target);
        }
        return set;
    }

    /**
     * @param key    the key.
     * @param keyLen its length.
     * @param offset where the 8-byte field starts in the value, a multiple of 8.
     * @return the field, read atomically.
     */
    public long getLong(final DirectBuffer key, final int keyLen, final long offset)
    {
        final PatchTarget target = resolve(key, keyLen);
        target.checkCounter(offset);
        return target.segment().buffer().getLongVolatile(target.runOffset() + target.inRun(offset));
    }

    private PatchTarget counterTarget(
        final DirectBuffer key, final int keyLen, final long offset, final InPlaceWriteListener.InPlaceChange change)
    {
        final PatchTarget target = resolve(key, keyLen);
        target.checkCounter(offset);
        coverCheckpoint.accept(target.txnId());
        admit(change, target, offset, Long.BYTES);
        return target;
    }

    /**
     * Finds the key's patchable value; a lookup that meets a segment compaction retired meanwhile
     * (a reader's head is not the newest) is tried once more on the newest head, as point reads are.
     */
    private PatchTarget resolve(final DirectBuffer key, final int keyLen)
    {
        final CommitState state = head.get();
        try
        {
            return PatchTarget.resolve(engine.pages(), state, key, keyLen, engine.dir());
        }
        catch (final CorruptStoreException ex)
        {
            final CommitState now = latest.get();
            if (now.txnId() == state.txnId())
            {
                throw ex;
            }
            return PatchTarget.resolve(engine.pages(), now, key, keyLen, engine.dir());
        }
    }

    private static void sealField(final UnsafeBuffer run, final int field, final long old, final long updated)
    {
        final int delta = CrcDelta.ofLong(old, updated, run.capacity() - field - Long.BYTES);
        run.putIntVolatile(PageLayout.CRC_OFFSET, run.getIntVolatile(PageLayout.CRC_OFFSET) ^ delta);
    }

    /** The one place every in-place write passes before anything is written. */
    private void admit(final InPlaceWriteListener.InPlaceChange change, final PatchTarget target, final long offset, final int length)
    {
        listener.beforeChange(change, target.runId(), offset, length);
    }

    /** The one place every in-place write passes after it is written. */
    private void changed(final PatchTarget target)
    {
        listener.changed(target.runId());
    }
}
