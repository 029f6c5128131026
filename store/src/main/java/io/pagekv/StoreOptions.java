package io.pagekv;

import io.pagekv.format.FormatVersion;
import io.pagekv.io.FileIO;

/**
 * How to open a store. Immutable; each {@code with} method returns a copy.
 *
 * <pre>{@code
 * StoreOptions options = StoreOptions.defaults().withPageSize(8192).withDurability(Durability.ASYNC);
 * }</pre>
 *
 * Page size and segment size apply when a store is created; an existing store keeps its own.
 */
public final class StoreOptions
{
    /** Default page size: 4 KiB. */
    public static final int DEFAULT_PAGE_SIZE = 4096;
    /** Default segment size: 64 MiB. */
    public static final long DEFAULT_SEGMENT_SIZE = 64L << 20;
    /** Default log growth between checkpoints: 64 MiB. */
    public static final long DEFAULT_CHECKPOINT_BYTES = 64L << 20;
    /** Smallest segment size: 64 KiB. */
    public static final long MIN_SEGMENT_SIZE = 64L << 10;
    /** Largest segment size: 1 GiB. */
    public static final long MAX_SEGMENT_SIZE = 1L << 30;
    /** Default limit of exports open at once in one process: 1024. */
    public static final int DEFAULT_MAX_EXPORTS = 1024;
    /** Default limit of shared memory held by a process's exports: 4 GiB. */
    public static final long DEFAULT_MAX_EXPORT_SHM_BYTES = 4L << 30;

    private static final StoreOptions DEFAULTS =
        new StoreOptions(DEFAULT_PAGE_SIZE, DEFAULT_SEGMENT_SIZE, Durability.SYNC, DEFAULT_CHECKPOINT_BYTES, Store.MAX_VALUE_SIZE,
            CompactionPolicy.defaults(), FileIO.jdk(), DamagePolicy.REFUSE, DEFAULT_MAX_EXPORTS, DEFAULT_MAX_EXPORT_SHM_BYTES,
            ValueSettings.DEFAULTS);

    private final int pageSize;
    private final long segmentSize;
    private final Durability durability;
    private final long checkpointBytes;
    private final int maxValueSize;
    private final CompactionPolicy compaction;
    private final FileIO fileIO;
    private final DamagePolicy damagePolicy;
    private final int maxExports;
    private final long maxExportShmBytes;
    private final ValueSettings values;

    private StoreOptions(
        final int pageSize, final long segmentSize, final Durability durability, final long checkpointBytes, final int maxValueSize,
        final CompactionPolicy compaction, final FileIO fileIO, final DamagePolicy damagePolicy, final int maxExports,
        final long maxExportShmBytes, final ValueSettings values)
    {
        this.maxExports = maxExports;
        this.maxExportShmBytes = maxExportShmBytes;
        this.values = values;
        this.damagePolicy = damagePolicy;
        this.compaction = compaction;
        this.maxValueSize = maxValueSize;
        this.pageSize = pageSize;
        this.segmentSize = segmentSize;
        this.durability = durability;
        this.checkpointBytes = checkpointBytes;
        this.fileIO = fileIO;
    }

    /**
     * @return 4 KiB pages, 64 MiB segments, {@link Durability#SYNC}, a checkpoint every 64 MiB of log.
     */
    public static StoreOptions defaults()
    {
        return DEFAULTS;
    }

    /**
     * @param pageSize a power of two from 4096 to 65536.
     * @return a copy with that page size.
     * @throws IllegalArgumentException if it is out of range.
     */
    public StoreOptions withPageSize(final int pageSize)
    {
        if (!FormatVersion.isValidPageSize(pageSize))
        {
            throw new IllegalArgumentException("page size " + pageSize + " is not a power of two from " +
                FormatVersion.MIN_PAGE_SIZE + " to " + FormatVersion.MAX_PAGE_SIZE);
        }
        return new StoreOptions(pageSize, segmentSize, durability, checkpointBytes, maxValueSize, compaction, fileIO, damagePolicy,
            maxExports, maxExportShmBytes, values);
    }

    /**
     * @param segmentSize bytes per segment file, 64 KiB to 1 GiB; a segment holding one larger
     *                    transaction or value is made as large as it needs (up to 2 GiB).
     * @return a copy with that segment size.
     * @throws IllegalArgumentException if it is out of range.
     */
    public StoreOptions withSegmentSize(final long segmentSize)
    {
        if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE)
        {
            throw new IllegalArgumentException("segment size " + segmentSize + " is out of " + MIN_SEGMENT_SIZE + ".." + MAX_SEGMENT_SIZE);
        }
        return new StoreOptions(pageSize, segmentSize, durability, checkpointBytes, maxValueSize, compaction, fileIO, damagePolicy,
            maxExports, maxExportShmBytes, values);
    }

    /**
     * @param durability what a commit promises.
     * @return a copy with that durability.
     */
    public StoreOptions withDurability(final Durability durability)
    {
        if (durability == null)
        {
            throw new IllegalArgumentException("durability is null");
        }
        return new StoreOptions(pageSize, segmentSize, durability, checkpointBytes, maxValueSize, compaction, fileIO, damagePolicy,
            maxExports, maxExportShmBytes, values);
    }

    /**
     * @param checkpointBytes log growth after which the next commit also writes a checkpoint;
     *                        bounds the work of recovery. At least one page.
     * @return a copy with that interval.
     */
    public StoreOptions withCheckpointBytes(final long checkpointBytes)
    {
        if (checkpointBytes < FormatVersion.MIN_PAGE_SIZE)
        {
            throw new IllegalArgumentException("checkpoint interval " + checkpointBytes + " is under one page");
        }
        return new StoreOptions(pageSize, segmentSize, durability, checkpointBytes, maxValueSize, compaction, fileIO, damagePolicy,
            maxExports, maxExportShmBytes, values);
    }

    /**
     * @param maxValueSize the largest value a put may store, 0 to {@link Store#MAX_VALUE_SIZE}
     *                     (the default); a longer one gets {@link ValueTooLargeException} and
     *                     changes nothing. A limit protects a service from a runaway value.
     * @return a copy with that limit.
     * @throws IllegalArgumentException if it is out of range.
     */
    public StoreOptions withMaxValueSize(final int maxValueSize)
    {
        if (maxValueSize < 0 || maxValueSize > Store.MAX_VALUE_SIZE)
        {
            throw new IllegalArgumentException("largest value " + maxValueSize + " is not from 0 to " + Store.MAX_VALUE_SIZE + " bytes");
        }
        return new StoreOptions(pageSize, segmentSize, durability, checkpointBytes, maxValueSize, compaction, fileIO, damagePolicy,
            maxExports, maxExportShmBytes, values);
    }

    /**
     * @param compaction when the store compacts by itself; {@link CompactionPolicy#defaults()} unless set.
     * @return a copy with that policy.
     */
    public StoreOptions withCompaction(final CompactionPolicy compaction)
    {
        if (compaction == null)
        {
            throw new IllegalArgumentException("compaction policy is null");
        }
        return new StoreOptions(pageSize, segmentSize, durability, checkpointBytes, maxValueSize, compaction, fileIO, damagePolicy,
            maxExports, maxExportShmBytes, values);
    }

    /**
     * Not API: the test seam. Tests reach it through their own helper in this package, so the
     * internal {@link FileIO} type never appears in the public surface.
     *
     * @param fileIO the file seam every write and force goes through (tests inject faults here).
     * @return a copy using it.
     */
    StoreOptions withFileIO(final FileIO fileIO)
    {
        if (fileIO == null)
        {
            throw new IllegalArgumentException("fileIO is null");
        }
        return new StoreOptions(pageSize, segmentSize, durability, checkpointBytes, maxValueSize, compaction, fileIO, damagePolicy,
            maxExports, maxExportShmBytes, values);
    }

    /**
     * @return the page size for a new store.
     */
    public int pageSize()
    {
        return pageSize;
    }

    /**
     * @return the segment size for a new store.
     */
    public long segmentSize()
    {
        return segmentSize;
    }

    /**
     * @return what a commit promises.
     */
    public Durability durability()
    {
        return durability;
    }

    /**
     * @return log growth between checkpoints.
     */
    public long checkpointBytes()
    {
        return checkpointBytes;
    }

    /**
     * @return when the store compacts by itself.
     */
    public CompactionPolicy compaction()
    {
        return compaction;
    }

    /**
     * @return the largest value a put may store.
     */
    public int maxValueSize()
    {
        return maxValueSize;
    }

    /**
     * @return the file seam.
     */
    FileIO fileIO()
    {
        return fileIO;
    }

    /**
     * Chooses what opening does when the files prove that committed history is missing (see
     * {@link DamagePolicy}). A torn tail after a crash opens at its last valid commit whatever
     * the policy.
     *
     * @param damagePolicy the policy; {@link DamagePolicy#REFUSE} by default.
     * @return options with it.
     * @throws IllegalArgumentException if it is null.
     */
    public StoreOptions withDamagePolicy(final DamagePolicy damagePolicy)
    {
        if (damagePolicy == null)
        {
            throw new IllegalArgumentException("damage policy is null");
        }
        return new StoreOptions(pageSize, segmentSize, durability, checkpointBytes, maxValueSize, compaction, fileIO, damagePolicy,
            maxExports, maxExportShmBytes, values);
    }

    /**
     * @return what opening does with damaged history.
     */
    public DamagePolicy damagePolicy()
    {
        return damagePolicy;
    }

    /**
     * @param maxExports        the most exports ({@link Store#export}) open at once through this
     *                          store, at least 0 (0 forbids exports); default {@value #DEFAULT_MAX_EXPORTS}.
     * @param maxExportShmBytes the most bytes of shared memory ({@code /dev/shm}, which is RAM)
     *                          they may hold at once, at least 0; default 4 GiB. Mapped exports
     *                          hold none.
     * @return a copy with those limits; an export that would go over them gets
     * {@link ExportLimitException}.
     * @throws IllegalArgumentException if one is negative.
     */
    public StoreOptions withExportLimits(final int maxExports, final long maxExportShmBytes)
    {
        if (maxExports < 0 || maxExportShmBytes < 0)
        {
            throw new IllegalArgumentException("export limits " + maxExports + " exports, " + maxExportShmBytes + " bytes: neither may be negative");
        }
        return new StoreOptions(pageSize, segmentSize, durability, checkpointBytes, maxValueSize, compaction, fileIO, damagePolicy,
            maxExports, maxExportShmBytes, values);
    }

    /** @return the most exports open at once. */
    public int maxExports()
    {
        return maxExports;
    }

    /** @return the most bytes of shared memory exports may hold at once. */
    public long maxExportShmBytes()
    {
        return maxExportShmBytes;
    }

    /**
     * @param compression when puts store values LZ4-compressed; {@link CompressionPolicy#off()} by default.
     * @return a copy with that policy.
     * @throws IllegalArgumentException if it is null.
     */
    public StoreOptions withCompression(final CompressionPolicy compression)
    {
        if (compression == null)
        {
            throw new IllegalArgumentException("compression policy is null");
        }
        return withValues(new ValueSettings(compression, values.cacheMode(), values.hotSetSize()));
    }

    /**
     * @param cacheMode how the read cache holds decoded values (inflated compressed values, typed
     *                  reads); {@link CacheMode#WEAK} by default.
     * @return a copy with that mode.
     * @throws IllegalArgumentException if it is null.
     */
    public StoreOptions withValueCache(final CacheMode cacheMode)
    {
        if (cacheMode == null)
        {
            throw new IllegalArgumentException("cache mode is null");
        }
        return withValues(new ValueSettings(values.compression(), cacheMode, values.hotSetSize()));
    }

    /**
     * @param entries how many decoded values the read cache holds strongly at most (the most
     *                recently read), 0 to 2^20, rounded up to a power of two; 256 by default.
     *                Everything else it holds only weakly or softly.
     * @return a copy with that hot set.
     * @throws IllegalArgumentException if it is out of range.
     */
    public StoreOptions withValueCacheHotSet(final int entries)
    {
        if (entries < 0 || entries > 1 << 20)
        {
            throw new IllegalArgumentException("hot set of " + entries + " entries is not 0 to " + (1 << 20));
        }
        return withValues(new ValueSettings(values.compression(), values.cacheMode(), entries));
    }

    private StoreOptions withValues(final ValueSettings values)
    {
        return new StoreOptions(pageSize, segmentSize, durability, checkpointBytes, maxValueSize, compaction, fileIO, damagePolicy,
            maxExports, maxExportShmBytes, values);
    }

    /** @return when puts compress. */
    public CompressionPolicy compression()
    {
        return values.compression();
    }

    /** @return how the read cache holds decoded values. */
    public CacheMode valueCache()
    {
        return values.cacheMode();
    }

    /** @return how many decoded values the read cache holds strongly at most. */
    public int valueCacheHotSet()
    {
        return values.hotSetSize();
    }

    @Override
    public String toString()
    {
        return "StoreOptions{pageSize=" + pageSize + ", segmentSize=" + segmentSize + ", durability=" + durability +
            ", checkpointBytes=" + checkpointBytes + ", maxValueSize=" + maxValueSize + ", compaction=" + compaction +
            ", damagePolicy=" + damagePolicy + ", maxExports=" + maxExports + ", maxExportShmBytes=" + maxExportShmBytes +
            ", compression=" + values.compression() + ", valueCache=" + values.cacheMode() + ", hotSet=" + values.hotSetSize() + "}";
    }
}
