package io.pagekv.ipc;

import io.pagekv.format.LockFileLayout;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The writer's live counters ({@link StoreCounter}), laid out by Agrona's {@link CountersManager}
 * over the two counter buffers of the {@code lock} file, in the manner of Aeron's CnC file, so
 * that another process reads them with a {@link CounterWatch} without disturbing the store.
 *
 * <p>The writer writes them at open, allocated and labelled, over what an earlier writer left;
 * values are then written with release stores (one plain add and one ordered store, no fence on
 * x86), so a commit pays a few nanoseconds for them. A store opened read-only counts into a
 * private buffer instead ({@link #inProcess()}): only the writer publishes.
 *
 * <p>Thread-safety: {@link #committed}, {@link #forced}, {@link #compacted}, {@link #sampleDue}
 * and {@link #sample} on the writer thread (under the store's write lock); the snapshot and
 * export counters on any thread (atomic adds).
 */
public final class StoreCounters
{
    /** How often the sampled gauges (readers, live and total pages) are refreshed at a commit. */
    public static final long SAMPLE_INTERVAL_MS = 1000;

    /**
     * The counter area of a lock file as this build's writer leaves it at open: metadata and
     * values (contiguous in {@link LockFileLayout}) with every {@link StoreCounter} allocated and
     * labelled, every value zero but {@link StoreCounter#LIVE_PAGES}, -1 (unknown). Built once;
     * read-only after.
     */
    private static final ByteBuffer OPENING_IMAGE = openingImage();

    private final AtomicCounter[] counters;
    private long sampledAt;

    private StoreCounters(final AtomicBuffer values)
    {
        final StoreCounter[] all = StoreCounter.values();
        counters = new AtomicCounter[all.length];
        for (final StoreCounter counter : all)
        {
            counters[counter.ordinal()] = new AtomicCounter(values, counter.ordinal());
        }
    }

    private static ByteBuffer openingImage()
    {
        final ByteBuffer image = ByteBuffer.allocateDirect(LockFileLayout.COUNTERS_METADATA_LENGTH + LockFileLayout.COUNTER_VALUES_LENGTH);
        final UnsafeBuffer metadata = new UnsafeBuffer(image, 0, LockFileLayout.COUNTERS_METADATA_LENGTH);
        final UnsafeBuffer values = new UnsafeBuffer(image, LockFileLayout.COUNTERS_METADATA_LENGTH, LockFileLayout.COUNTER_VALUES_LENGTH);
        final CountersManager manager = new CountersManager(metadata, values);
        for (final StoreCounter counter : StoreCounter.values())
        {
            final AtomicCounter allocated = manager.newCounter(counter.label(), counter.typeId());
            if (allocated.id() != counter.ordinal())
            {
                throw new IllegalStateException("counter " + counter + " allocated as " + allocated.id());
            }
        }
        values.putLong(CountersReader.counterOffset(StoreCounter.LIVE_PAGES.ordinal()), -1);
        return image.asReadOnlyBuffer();
    }

    /**
     * Writes {@link #OPENING_IMAGE} over the counter area an earlier writer left, through the
     * file rather than the mapping (see {@link LockFile#recordWriter}), so that an open touches no
     * page of the mapping. {@link WriterLock#acquire} does it once the lock is taken.
     *
     * @param lockFile the lock file as the writer maps it.
     * @throws IOException if the counter area cannot be written.
     */
    static void reset(final LockFile lockFile) throws IOException
    {
        lockFile.write(LockFileLayout.COUNTERS_METADATA_START, OPENING_IMAGE.duplicate());
    }

    /**
     * @param lockFile the lock file as the writer maps it, its counter area {@link #reset} when
     *                 the lock was taken.
     * @return the writer's counters, in the lock file.
     * @throws IllegalStateException if the mapping is not the writer's or too short.
     */
    public static StoreCounters allocate(final LockFile lockFile)
    {
        final AtomicBuffer values = lockFile.counterValuesBuffer();
        if (!lockFile.isWriter() || values == null)
        {
            throw new IllegalStateException("lock file " + lockFile.file().path() + " is not the writer's full mapping");
        }
        return new StoreCounters(values);
    }

    /**
     * @return counters for a store opened read-only: a private buffer no other process sees.
     */
    public static StoreCounters inProcess()
    {
        final ByteBuffer area = ByteBuffer.allocateDirect(OPENING_IMAGE.capacity());
        area.put(OPENING_IMAGE.duplicate());
        return new StoreCounters(new UnsafeBuffer(area, LockFileLayout.COUNTERS_METADATA_LENGTH, LockFileLayout.COUNTER_VALUES_LENGTH));
    }

    /**
     * A commit was appended.
     *
     * @param txnId    its id.
     * @param time     its time, epoch ms.
     * @param pages    pages it appended, record included.
     * @param pageSize the store's page size.
     */
    public void committed(final long txnId, final long time, final int pages, final int pageSize)
    {
        counter(StoreCounter.COMMITS).incrementRelease();
        counter(StoreCounter.PAGES_WRITTEN).getAndAddRelease(pages);
        counter(StoreCounter.BYTES_WRITTEN).getAndAddRelease((long)pages * pageSize);
        counter(StoreCounter.HEAD_TXN).setRelease(txnId);
        counter(StoreCounter.LAST_COMMIT_TIME).setRelease(time);
    }

    /** The log was forced. */
    public void forced()
    {
        counter(StoreCounter.FORCES).incrementRelease();
    }

    /** A compaction pass retired segments. */
    public void compacted()
    {
        counter(StoreCounter.COMPACTIONS).incrementRelease();
    }

    /**
     * @param delta +1 when a snapshot opens, -1 when it closes.
     */
    public void snapshots(final int delta)
    {
        counter(StoreCounter.OPEN_SNAPSHOTS).getAndAdd(delta);
    }

    /**
     * @param delta    +1 when an export opens, -1 when it closes.
     * @param shmBytes bytes of shared memory it holds, negative when it closes.
     */
    public void exports(final int delta, final long shmBytes)
    {
        counter(StoreCounter.EXPORTS).getAndAdd(delta);
        counter(StoreCounter.EXPORT_BYTES).getAndAdd(shmBytes);
    }

    /**
     * @param time now, epoch ms (a commit's time).
     * @return whether the sampled gauges are due for {@link #sample}: at most once per
     * {@link #SAMPLE_INTERVAL_MS}.
     */
    public boolean sampleDue(final long time)
    {
        return time - sampledAt >= SAMPLE_INTERVAL_MS;
    }

    /**
     * Refreshes the sampled gauges.
     *
     * @param time       now, epoch ms.
     * @param readers    claimed reader-table slots.
     * @param livePages  live pages, or -1 when not counted.
     * @param totalPages pages the segment files hold.
     */
    public void sample(final long time, final int readers, final long livePages, final long totalPages)
    {
        sampledAt = time;
        counter(StoreCounter.READERS).setRelease(readers);
        counter(StoreCounter.LIVE_PAGES).setRelease(livePages);
        counter(StoreCounter.TOTAL_PAGES).setRelease(totalPages);
    }

    /**
     * @param counter a counter.
     * @return its value now.
     */
    public long get(final StoreCounter counter)
    {
        return counter(counter).get();
    }

    private AtomicCounter counter(final StoreCounter counter)
    {
        return counters[counter.ordinal()];
    }
}
