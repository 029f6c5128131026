package io.pagekv.recover;

import io.pagekv.CorruptStoreException;
import io.pagekv.DamagedHistoryException;
import io.pagekv.SalvageReport;
import io.pagekv.btree.Keys;
import io.pagekv.io.ErrorMapper;
import io.pagekv.io.FileIO;
import io.pagekv.txn.CommitState;
import io.pagekv.txn.Engine;
import io.pagekv.txn.OnDamage;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Salvages a store: every entry that can be proven intact, in key order, to a {@link Sink}. The
 * base is the tree of the newest commit a read-only open reaches at its last good commit; if
 * that open proved history missing, the intact leaves of the commits beyond the damage
 * ({@link LaterCommits}) replace the key ranges they cover. Every entry handed on is one that
 * some commit held, byte for byte under a CRC. The source is only read.
 *
 * <p>Not thread-safe; one salvage per instance.
 */
public final class Salvager
{
    /** Receives the salvaged entries in ascending key order; views are valid during the call only. */
    public interface Sink
    {
        /**
         * @param key       the key.
         * @param value     the value.
         * @param patchable whether the source held it in a patchable run.
         */
        void put(DirectBuffer key, DirectBuffer value, boolean patchable);
    }

    private static final int PROGRESS_EVERY = 1024;

    private final Path source;
    private final FileIO io;
    private final CommitState head;
    private final int pageSize;
    private final DamagedHistoryException damage;

    private Salvager(final Path source, final FileIO io, final CommitState head, final int pageSize, final DamagedHistoryException damage)
    {
        this.source = source;
        this.io = io;
        this.head = head;
        this.pageSize = pageSize;
        this.damage = damage;
    }

    /**
     * Finds the last good commit of {@code source}, opening it read-only at its last good commit.
     *
     * @param source the damaged store.
     * @param io     the file seam; files are only opened read-only.
     * @return the salvager.
     * @throws CorruptStoreException if no commit of the store can be read at all.
     */
    public static Salvager open(final Path source, final FileIO io)
    {
        try (Engine engine = Engine.openReadOnly(source, io, OnDamage.OPEN_READ_ONLY))
        {
            DamagedHistoryException damage = null;
            for (final CorruptStoreException warning : engine.openWarnings())
            {
                if (warning instanceof DamagedHistoryException lost)
                {
                    damage = lost;
                }
            }
            return new Salvager(source, io, engine.head(), engine.pages().pageSize(), damage);
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot read store " + source, ex);
        }
    }

    /**
     * @return the source's page size, which the new store must have to hold every key.
     */
    public int pageSize()
    {
        return pageSize;
    }

    /**
     * Hands every salvageable entry to {@code sink} in key order.
     *
     * @param target   the new store's directory, for the report.
     * @param sink     receives the entries.
     * @param progress told the number of entries handed on so far, now and then; may be null.
     * @return the report.
     */
    public SalvageReport copyTo(final Path target, final Sink sink, final LongConsumer progress)
    {
        final SegmentImages images;
        try
        {
            images = SegmentImages.map(source, io, pageSize);
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot map the segments of " + source, ex);
        }
        final List<SalvageReport.Loss> losses = new ArrayList<>();
        final LaterCommits later = damage == null ? null : LaterCommits.find(images, head, damage.lastTxnBeyond(), losses);
        final Merge merge = new Merge(sink, progress, later);
        final BaseTree base = new BaseTree(images, losses);
        base.read(head, merge);
        merge.finish();
        final List<SalvageReport.Part> parts = new ArrayList<>();
        parts.add(new SalvageReport.Part(head.txnId(), null, null, merge.fromBase, true));
        parts.addAll(merge.laterParts());
        return new SalvageReport(source, target, head.txnId(), head.entryCount(), merge.fromBase, merge.fromLater,
            merge.fromBase + merge.fromLater, Math.max(0, head.entryCount() - base.entriesRead()), List.copyOf(parts), List.copyOf(losses),
            damage);
    }

    /**
     * Merges the base tree's entries (pushed in key order) with the overlay of later commits:
     * a base key inside a range a later leaf replaced is dropped; overlay entries are handed on
     * in order between base entries.
     */
    private static final class Merge implements LeafEntries.Visitor
    {
        private final Sink sink;
        private final LongConsumer progress;
        private final Iterator<Map.Entry<byte[], LaterCommits.Entry>> overlay;
        private final List<LaterCommits.Range> replaced;
        private final Map<Long, long[]> counts = new TreeMap<>();
        private final Map<Long, byte[][]> bounds = new TreeMap<>();
        private final UnsafeBuffer key = new UnsafeBuffer(0, 0);
        private final UnsafeBuffer value = new UnsafeBuffer(0, 0);
        private Map.Entry<byte[], LaterCommits.Entry> next;
        private int range;
        private long fromBase;
        private long fromLater;

        Merge(final Sink sink, final LongConsumer progress, final LaterCommits later)
        {
            this.sink = sink;
            this.progress = progress;
            this.overlay = later == null ? java.util.Collections.emptyIterator() : later.entries().entrySet().iterator();
            this.replaced = later == null ? List.of() : later.replaced();
            this.next = overlay.hasNext() ? overlay.next() : null;
        }

        @Override
        public void entry(final DirectBuffer baseKey, final DirectBuffer baseValue, final boolean patchable)
        {
            final byte[] k = BaseTree.bytes(baseKey, 0, baseKey.capacity());
            while (next != null && Keys.compare(next.getKey(), k) < 0)
            {
                emitNext();
            }
            if (!isReplaced(k))
            {
                fromBase++;
                put(baseKey, baseValue, patchable);
            }
        }

        @Override
        public void valueLost(final DirectBuffer lostKey, final long runId, final String why)
        {
            // BaseTree records the loss; there is nothing to hand on.
        }

        void finish()
        {
            while (next != null)
            {
                emitNext();
            }
        }

        private boolean isReplaced(final byte[] k)
        {
            while (range < replaced.size() && Keys.compare(replaced.get(range).last(), k) < 0)
            {
                range++;
            }
            return range < replaced.size() && Keys.compare(replaced.get(range).first(), k) <= 0;
        }

        private void emitNext()
        {
            final byte[] k = next.getKey();
            final long txnId = next.getValue().txnId();
            key.wrap(k);
            value.wrap(next.getValue().value());
            fromLater++;
            counts.computeIfAbsent(txnId, t -> new long[1])[0]++;
            final byte[][] b = bounds.computeIfAbsent(txnId, t -> new byte[][]{k, k});
            b[1] = k;
            put(key, value, next.getValue().patchable());
            next = overlay.hasNext() ? overlay.next() : null;
        }

        private void put(final DirectBuffer k, final DirectBuffer v, final boolean patchable)
        {
            sink.put(k, v, patchable);
            if (progress != null && (fromBase + fromLater) % PROGRESS_EVERY == 0)
            {
                progress.accept(fromBase + fromLater);
            }
        }

        List<SalvageReport.Part> laterParts()
        {
            final List<SalvageReport.Part> parts = new ArrayList<>();
            for (final Map.Entry<Long, long[]> e : counts.entrySet())
            {
                final byte[][] b = bounds.get(e.getKey());
                parts.add(new SalvageReport.Part(e.getKey(), b[0], b[1], e.getValue()[0], false));
            }
            return parts;
        }
    }
}
