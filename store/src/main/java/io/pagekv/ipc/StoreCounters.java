package io.pagekv.ipc;

import io.pagekv.format.LockFileLayout;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;

/**
 * The writer's live counters ({@link StoreCounter}), laid out by Agrona's {@link CountersManager}
 * over the two counter buffers of the {@code lock} file, in the manner of Aeron's CnC file, so
 * that another process reads them with a {@link CounterWatch} without disturbing the store.
 *
 * <p>The writer allocates and labels them at open, after clearing what an earlier writer left;
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

    private final AtomicCounter[] counters;
    private long sampledAt;

    private StoreCounters(final AtomicBuffer metadata, final AtomicBuffer values)
    {
        clearAllocated(metadata, values);
        final CountersManager manager = new CountersManager(metadata, values);
        final StoreCounter[] all = StoreCounter.values();
        counters = new AtomicCounter[all.length];
        for (final StoreCounter counter : all)
        {
            counters[counter.ordinal()] = manager.newCounter(counter.label(), counter.typeId());
        }
        counters[StoreCounter.LIVE_PAGES.ordinal()].setRelease(-1);
    }

    /**
     * Clears the records an earlier writer allocated. {@link CountersManager} allocates records in
     * order from the first, and every writer cleared its predecessor's before allocating, so every
     * record from the first unused one on is zero already (readers stop there too). Only the
     * pages of the used records are written: each page of a fresh mapping of the lock file that is
     * written costs a fault, and the whole 40 KiB of counter buffers are ten pages.
     */
    private static void clearAllocated(final AtomicBuffer metadata, final AtomicBuffer values)
    {
        final int records = Math.min(metadata.capacity() / CountersReader.METADATA_LENGTH, values.capacity() / CountersReader.COUNTER_LENGTH);
        int used = 0;
        while (used < records && metadata.getIntVolatile(CountersReader.metaDataOffset(used)) != CountersReader.RECORD_UNUSED)
        {
            used++;
        }
        metadata.setMemory(0, used * CountersReader.METADATA_LENGTH, (byte)0);
        values.setMemory(0, used * CountersReader.COUNTER_LENGTH, (byte)0);
    }

    /**
     * Clears the lock file's counters and allocates this build's. Writer only, at open.
     *
     * @param lockFile the lock file, mapped by the holder of the writer lock.
     * @return the counters.
     * @throws IllegalStateException if the mapping is not the writer's or has no counter buffers.
     */
    public static StoreCounters allocate(final LockFile lockFile)
    {
        final AtomicBuffer metadata = lockFile.countersMetadataBuffer();
        final AtomicBuffer values = lockFile.counterValuesBuffer();
        if (!lockFile.isWriter() || metadata == null || values == null)
        {
            throw new IllegalStateException("lock file " + lockFile.file().path() + " is not the writer's full mapping");
        }
        return new StoreCounters(metadata, values);
    }

    /**
     * @return counters that only this process sees: for a store opened read-only.
     */
    public static StoreCounters inProcess()
    {
        return new StoreCounters(new UnsafeBuffer(ByteBuffer.allocateDirect(LockFileLayout.COUNTERS_METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(LockFileLayout.COUNTER_VALUES_LENGTH)));
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
