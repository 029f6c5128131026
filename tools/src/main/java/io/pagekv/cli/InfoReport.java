package io.pagekv.cli;

import io.pagekv.CorruptStoreException;
import io.pagekv.ReaderInfo;
import io.pagekv.SpaceUsage;
import io.pagekv.Store;
import io.pagekv.StoreInfo;
import io.pagekv.WriterLockInfo;

import tools.jackson.core.JsonGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What {@code pagekv info} shows, gathered once and rendered as text or JSON: the last commit,
 * the segments with their live and written pages and live ratios, the space amplification, the
 * files on disk, the writer lock's holder and the processes in the shared reader table.
 */
final class InfoReport
{
    private final Path dir;
    private final StoreInfo info;
    private final StoreCheck check;
    private final Map<String, Long> files;
    private final WriterLockInfo writer;
    /** Null when the walk that counts live pages met damage ({@link #spaceError}). */
    private final SpaceUsage space;
    private final String spaceError;
    private final List<ReaderInfo> readers;

    private InfoReport(final Path dir, final StoreInfo info, final StoreCheck check, final Map<String, Long> files,
        final WriterLockInfo writer, final SpaceUsage space, final String spaceError, final List<ReaderInfo> readers)
    {
        this.dir = dir;
        this.info = info;
        this.check = check;
        this.files = files;
        this.writer = writer;
        this.space = space;
        this.spaceError = spaceError;
        this.readers = readers;
    }

    /**
     * Reads the facts. Walks every reachable page twice: to check it, like {@code verify}, and to
     * count live pages per segment ({@link Store#spaceUsage()}); the second walk finds the pages'
     * checksums already checked.
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
        SpaceUsage space = null;
        String spaceError = null;
        try
        {
            space = store.spaceUsage();
        }
        catch (final CorruptStoreException ex)
        {
            // The check reports the damage; the rest of the report stands without the counts.
            spaceError = ex.getMessage();
        }
        return new InfoReport(store.dir(), store.info(), check, files, WriterLockInfo.of(store), space, spaceError, store.readers());
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
        spaceText(text);
        final StringBuilder onDisk = new StringBuilder(Units.bytes(totalBytes())).append(" in ").append(files.size()).append(" files:");
        files.forEach((name, size) -> onDisk.append(' ').append(name).append(' ').append(Units.bytes(size)).append(','));
        onDisk.setLength(onDisk.length() - (files.isEmpty() ? 0 : 1));
        line(text, "files on disk", onDisk.toString());
        line(text, "writer lock", writerText());
        line(text, "readers", readers.isEmpty() ? "none registered" : readers.size() + " registered in the reader table");
        for (final ReaderInfo reader : readers)
        {
            text.append("  ").append(readerText(reader)).append('\n');
        }
        line(text, "check", check.isClean() ? "clean" : check.problems().size() + " problem(s): run 'pagekv verify " + dir + "'");
        return text.toString();
    }

    private void spaceText(final StringBuilder text)
    {
        if (space == null)
        {
            line(text, "segments", "not counted: " + spaceError);
            return;
        }
        final long capacity = space.segments().stream().mapToLong(SpaceUsage.SegmentSpace::capacityPages).sum();
        line(text, "segments", space.segments().size() + " file(s), " + capacity + " pages: " + space.writtenPages() + " written, " + space.livePages() + " live (" + Units.percent(space.livePages(), space.writtenPages()) +
            " of written)" + (space.segmentsWaitingForReaders() == 0 ? "" : "; " + space.segmentsWaitingForReaders() + " retired, to be deleted"));
        for (final SpaceUsage.SegmentSpace segment : space.segments())
        {
            text.append(String.format("  %-12s %10s %8d pages %8d written %8d live %6s live%s%n", segment.file(),
                Units.bytes(segment.fileBytes()), segment.capacityPages(), segment.writtenPages(), segment.livePages(),
                Units.percent(segment.livePages(), segment.writtenPages()), segment.retired() ? "  retired, to be deleted" : ""));
        }
        line(text, "space", "amplification " + amplificationText() + ": " + Units.bytes(space.diskBytes()) + " of segment files (" +
            Units.bytes(space.writtenPages() * space.pageSize()) + " written) for " +
            Units.bytes(space.liveBytes()) + " of live pages (txn " + space.txnId() + ")");
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
            spaceJson(json);
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
            json.writeArrayPropertyStart("readers");
            for (final ReaderInfo reader : readers)
            {
                json.writeStartObject();
                json.writeNumberProperty("pid", reader.pid());
                if (reader.pinnedTxnId() == ReaderInfo.NONE)
                {
                    json.writeNullProperty("pinnedTxnId");
                }
                else
                {
                    json.writeNumberProperty("pinnedTxnId", reader.pinnedTxnId());
                }
                json.writeBooleanProperty("alive", reader.alive());
                json.writeStringProperty("since", Units.time(reader.claimedAt()));
                json.writeBooleanProperty("thisProcess", reader.pid() == ProcessHandle.current().pid());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberProperty("problemCount", check.problems().size());
            json.writeEndObject();
        });
    }

    private void spaceJson(final JsonGenerator json)
    {
        if (space == null)
        {
            json.writeArrayPropertyStart("segments");
            json.writeEndArray();
            json.writeNullProperty("space");
            return;
        }
        json.writeArrayPropertyStart("segments");
        for (final SpaceUsage.SegmentSpace segment : space.segments())
        {
            json.writeStartObject();
            json.writeStringProperty("file", segment.file());
            json.writeNumberProperty("number", segment.number());
            json.writeNumberProperty("bytes", segment.fileBytes());
            json.writeNumberProperty("capacityPages", segment.capacityPages());
            json.writeNumberProperty("writtenPages", segment.writtenPages());
            json.writeNumberProperty("livePages", segment.livePages());
            json.writeNumberProperty("liveRatio", segment.liveRatio());
            json.writeBooleanProperty("retired", segment.retired());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectPropertyStart("space");
        json.writeNumberProperty("txnId", space.txnId());
        json.writeStringProperty("source", space.source().name().toLowerCase(Locale.ROOT));
        json.writeNumberProperty("diskBytes", space.diskBytes());
        json.writeNumberProperty("writtenPages", space.writtenPages());
        json.writeNumberProperty("livePages", space.livePages());
        json.writeNumberProperty("liveBytes", space.liveBytes());
        if (Double.isFinite(space.spaceAmplification()))
        {
            json.writeNumberProperty("spaceAmplification", space.spaceAmplification());
        }
        else
        {
            json.writeNullProperty("spaceAmplification");
        }
        json.writeNumberProperty("segmentsWaitingForReaders", space.segmentsWaitingForReaders());
        json.writeEndObject();
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

    /**
     * @return one reader of the table in words: its pid, the commit it pins, whether it runs.
     */
    private static String readerText(final ReaderInfo reader)
    {
        final boolean self = reader.pid() == ProcessHandle.current().pid();
        return "process " + reader.pid() + (self ? " (this process)" : "") + ": " +
            (reader.pinnedTxnId() == ReaderInfo.NONE ? "no snapshot open" : "reads txn " + reader.pinnedTxnId()) + ", " +
            (reader.alive() ? "running" : "gone (its slot is freed when a writer needs it)") + ", since " + Units.time(reader.claimedAt());
    }

    private String amplificationText()
    {
        return Double.isFinite(space.spaceAmplification()) ? String.format(Locale.ROOT, "%.2f", space.spaceAmplification()) : "n/a";
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
