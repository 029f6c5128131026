package io.pagekv.cli;

import io.pagekv.Store;
import io.pagekv.StoreInfo;
import io.pagekv.VerifyReport;
import io.pagekv.WriterLockInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What {@code pagekv info} shows, gathered once and rendered as text or JSON: the last commit,
 * the segments with their live and written pages, and the files on disk.
 */
final class InfoReport
{
    private final Path dir;
    private final StoreInfo info;
    private final StoreCheck check;
    private final Map<String, Long> files;
    private final WriterLockInfo writer;

    private InfoReport(final Path dir, final StoreInfo info, final StoreCheck check, final Map<String, Long> files,
        final WriterLockInfo writer)
    {
        this.dir = dir;
        this.info = info;
        this.check = check;
        this.files = files;
        this.writer = writer;
    }

    /**
     * Reads the facts. Walks every reachable page to count live pages, like {@code verify}.
     *
     * @param store   the open store.
     * @param streams where progress goes.
     * @return the report.
     * @throws IOException if the directory cannot be listed.
     */
    static InfoReport gather(final Store store, final Streams streams) throws IOException
    {
        final StoreCheck check = StoreCheck.run(store, streams);
        final Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(store.dir()))
        {
            for (final Path file : (Iterable<Path>)list::iterator)
            {
                if (Files.isRegularFile(file))
                {
                    files.put(file.getFileName().toString(), Files.size(file));
                }
            }
        }
        return new InfoReport(store.dir(), store.info(), check, files, WriterLockInfo.of(store));
    }

    /**
     * @return the consistency check run while gathering.
     */
    StoreCheck check()
    {
        return check;
    }

    /**
     * @return the report for people, one fact per line.
     */
    String text()
    {
        final StringBuilder text = new StringBuilder();
        line(text, "store", dir.toString());
        line(text, "format", "version " + info.formatVersion() + ", page size " + info.pageSize() + " B, segment size " +
            Units.bytes(info.segmentSize()));
        line(text, "store id", storeId());
        line(text, "created", Units.time(info.createdTime()));
        line(text, "last commit", "txn " + info.lastTxnId() + " at " + Units.time(info.lastCommitTime()));
        line(text, "checkpoint", "txn " + info.checkpointTxnId());
        line(text, "entries", Long.toString(info.entryCount()));
        line(text, "tree depth", Integer.toString(info.treeDepth()));
        long capacity = 0;
        long written = 0;
        long live = 0;
        for (final VerifyReport.SegmentUsage segment : check.report().segments())
        {
            capacity += segment.capacityPages();
            written += segment.writtenPages();
            live += segment.livePages();
        }
        line(text, "segments", check.report().segments().size() + " file(s), " + capacity + " pages: " + written + " written, " +
            live + " live (" + Units.percent(live, written) + " of written)");
        for (final VerifyReport.SegmentUsage segment : check.report().segments())
        {
            text.append(String.format("  %-12s %10s %8d pages %8d written %8d live%n", segment.file(),
                Units.bytes(files.getOrDefault(segment.file(), 0L)), segment.capacityPages(), segment.writtenPages(), segment.livePages()));
        }
        final StringBuilder onDisk = new StringBuilder(Units.bytes(totalBytes())).append(" in ").append(files.size()).append(" files:");
        files.forEach((name, size) -> onDisk.append(' ').append(name).append(' ').append(Units.bytes(size)).append(','));
        onDisk.setLength(onDisk.length() - (files.isEmpty() ? 0 : 1));
        line(text, "files on disk", onDisk.toString());
        line(text, "writer lock", writerText());
        line(text, "check", check.isClean() ? "clean" : check.problems().size() + " problem(s): run 'pagekv verify " + dir + "'");
        return text.toString();
    }

    /**
     * @return the report as one JSON object.
     */
    String json()
    {
        return JsonStyle.document(json ->
        {
            json.writeStartObject();
            json.writeStringProperty("dir", dir.toString());
            json.writeNumberProperty("formatVersion", info.formatVersion());
            json.writeNumberProperty("pageSize", info.pageSize());
            json.writeNumberProperty("segmentSize", info.segmentSize());
            json.writeStringProperty("storeId", storeId());
            json.writeStringProperty("created", Units.time(info.createdTime()));
            json.writeNumberProperty("txnId", info.lastTxnId());
            json.writeStringProperty("commitTime", Units.time(info.lastCommitTime()));
            json.writeNumberProperty("checkpointTxnId", info.checkpointTxnId());
            json.writeNumberProperty("entries", info.entryCount());
            json.writeNumberProperty("treeDepth", info.treeDepth());
            json.writeArrayPropertyStart("segments");
            for (final VerifyReport.SegmentUsage segment : check.report().segments())
            {
                json.writeStartObject();
                json.writeStringProperty("file", segment.file());
                json.writeNumberProperty("number", segment.number());
                json.writeNumberProperty("bytes", files.getOrDefault(segment.file(), 0L));
                json.writeNumberProperty("capacityPages", segment.capacityPages());
                json.writeNumberProperty("writtenPages", segment.writtenPages());
                json.writeNumberProperty("livePages", segment.livePages());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayPropertyStart("files");
            files.forEach((name, size) ->
            {
                json.writeStartObject();
                json.writeStringProperty("name", name);
                json.writeNumberProperty("bytes", size);
                json.writeEndObject();
            });
            json.writeEndArray();
            json.writeNumberProperty("totalBytes", totalBytes());
            if (writer.recorded() || writer.held())
            {
                json.writeObjectPropertyStart("writerLock");
                json.writeNumberProperty("pid", writer.pid());
                json.writeStringProperty("since", writer.recorded() ? Units.time(writer.since()) : null);
                json.writeBooleanProperty("held", writer.held());
                json.writeBooleanProperty("processAlive", writer.alive());
                json.writeEndObject();
            }
            else
            {
                json.writeNullProperty("writerLock");
            }
            json.writeNumberProperty("problemCount", check.problems().size());
            json.writeEndObject();
        });
    }

    /**
     * @return the writer lock's holder in words: who holds it now, or who last held it.
     */
    private String writerText()
    {
        if (!writer.recorded())
        {
            return writer.held() ? "held by a process that recorded no pid" : "none (the store was never opened for writing)";
        }
        final String who = "process " + writer.pid() + " since " + Units.time(writer.since());
        if (writer.held())
        {
            return "held by " + who + (writer.alive() ? " (running)" : " (not visible here: another PID namespace?)");
        }
        return "free; last held by " + who + (writer.alive() ? " (a process with that pid runs)" : " (gone)");
    }

    private String storeId()
    {
        return String.format("%016x", info.storeId());
    }

    private long totalBytes()
    {
        return files.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void line(final StringBuilder text, final String label, final String value)
    {
        text.append(String.format("%-14s %s%n", label, value));
    }
}
