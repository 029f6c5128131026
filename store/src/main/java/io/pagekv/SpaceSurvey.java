package io.pagekv;

import io.pagekv.compact.LiveSegments;
import io.pagekv.io.ErrorMapper;
import io.pagekv.page.Segment;
import io.pagekv.page.SegmentFiles;
import io.pagekv.txn.CommitState;
import io.pagekv.txn.Committer;
import io.pagekv.txn.Engine;
import io.pagekv.txn.LiveAccounting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link Store#spaceUsage()}: the segment files in the directory with their live pages, from the
 * writer's live accounting when it is initialized (read under the write lock, so that the counts
 * and the head belong to the same commit), else from a walk of a snapshot's tree, which pins the
 * segments it reads. Files below the log's first segment are retired ones that wait for readers.
 */
final class SpaceSurvey
{
    private SpaceSurvey()
    {
    }

    static SpaceUsage measure(final Store store, final Engine engine, final Committer committer)
    {
        if (committer != null && committer.accounting().isInitialized())
        {
            final SpaceUsage[] counted = new SpaceUsage[1];
            store.writes().exclusively(() -> counted[0] = fromAccounting(engine, committer.accounting()));
            if (counted[0] != null)
            {
                return counted[0];
            }
        }
        return fromScan(store, engine);
    }

    /** @return the usage, or null if the counts were dropped meanwhile. */
    private static SpaceUsage fromAccounting(final Engine engine, final LiveAccounting accounting)
    {
        if (!accounting.isInitialized())
        {
            return null;
        }
        final TreeMap<Integer, Long> capacity = new TreeMap<>();
        for (final Segment segment : engine.pages().all())
        {
            capacity.put(segment.number(), (long)segment.capacityPages());
        }
        return usage(SpaceUsage.Source.ACCOUNTING, engine, engine.head(), accounting.snapshot(), capacity);
    }

    private static SpaceUsage fromScan(final Store store, final Engine engine)
    {
        try (Snapshot snapshot = store.snapshot())
        {
            final LiveSegments live = LiveSegments.scan(engine.pages(), snapshot.state());
            MappedFault.deliverPending();
            return usage(SpaceUsage.Source.SCAN, engine, snapshot.state(), live.livePages(), live.capacityPages());
        }
        catch (final InternalError ex)
        {
            throw ErrorMapper.mappedFault(engine.dir(), ex);
        }
    }

    private static SpaceUsage usage(
        final SpaceUsage.Source source, final Engine engine, final CommitState head, final Map<Integer, Long> live,
        final Map<Integer, Long> mappedPages)
    {
        final int pageSize = engine.pages().pageSize();
        final int first = engine.firstSegment();
        final List<SpaceUsage.SegmentSpace> segments = new ArrayList<>();
        final int[] spares = engine.segments().spareFiles();
        for (final int number : segmentFiles(engine))
        {
            final long bytes = fileBytes(engine, number, mappedPages.getOrDefault(number, 0L) * pageSize);
            if (bytes < 0)
            {
                continue;
            }
            final long pages = mappedPages.getOrDefault(number, bytes / pageSize);
            final boolean spare = Arrays.binarySearch(spares, number) >= 0;
            final long written = number < head.segment() ? pages : number == head.segment() ? head.nextPageIndex() : 1;
            segments.add(new SpaceUsage.SegmentSpace(number, SegmentFiles.path(engine.dir(), number).getFileName().toString(), bytes, pages,
                Math.min(written, pages), live.getOrDefault(number, 0L), number < first && !spare, spare));
        }
        return new SpaceUsage(source, head.txnId(), pageSize, segments);
    }

    /** @return the segment files in the directory, the mapped ones among them, ascending. */
    private static int[] segmentFiles(final Engine engine)
    {
        try
        {
            return engine.segments().listFiles();
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot list the segment files of " + engine.dir(), ex);
        }
    }

    /** @return the file's length, or -1 if the writer deleted it meanwhile. */
    private static long fileBytes(final Engine engine, final int number, final long mappedBytes)
    {
        try
        {
            return Files.size(SegmentFiles.path(engine.dir(), number));
        }
        catch (final NoSuchFileException gone)
        {
            return mappedBytes > 0 ? mappedBytes : -1;
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot read the size of " + SegmentFiles.path(engine.dir(), number), ex);
        }
    }
}
