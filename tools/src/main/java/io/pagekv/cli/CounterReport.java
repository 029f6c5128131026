package io.pagekv.cli;

import io.pagekv.LiveCounters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One sample of a store's live counters as {@code pagekv stats --watch} prints it: a table in
 * the manner of Aeron's {@code AeronStat}, or one JSON object.
 *
 * @param dir        the store directory.
 * @param takenAt    when the sample was taken, epoch ms.
 * @param writerPid  the pid of the process that last held the writer lock, or -1.
 * @param writerOpen whether a writer has the store open now.
 * @param counters   the counters, by id.
 */
record CounterReport(Path dir, long takenAt, long writerPid, boolean writerOpen, List<LiveCounters.Counter> counters)
{
    /**
     * @param dir      the store directory.
     * @param counters its mapped counters.
     * @return a sample taken now.
     */
    static CounterReport sample(final Path dir, final LiveCounters counters)
    {
        return new CounterReport(dir, System.currentTimeMillis(), counters.writerPid(), counters.isWriterOpen(), counters.read());
    }

    /** @return the sample as a table. */
    String text()
    {
        final StringBuilder text = new StringBuilder();
        text.append(Instant.ofEpochMilli(takenAt)).append(" - live counters of ").append(dir).append(", ")
            .append(writerOpen ? "writer pid " + writerPid + " has it open" : "no writer has it open: the last writer's final values")
            .append('\n');
        if (counters.isEmpty())
        {
            text.append("  (no counters: no writer of this version has opened the store)\n");
        }
        text.append(String.format("%4s %5s %20s  %s%n", "id", "type", "value", "label"));
        for (final LiveCounters.Counter counter : counters)
        {
            text.append(String.format("%4d %5d %,20d  %s%n", counter.id(), counter.typeId(), counter.value(), counter.label()));
        }
        return text.toString();
    }

    /** @return the sample as one JSON document. */
    String json()
    {
        return JsonStyle.document(json ->
        {
            json.writeStartObject();
            json.writeStringProperty("dir", dir.toString());
            json.writeNumberProperty("takenAt", takenAt);
            json.writeNumberProperty("writerPid", writerPid);
            json.writeBooleanProperty("writerOpen", writerOpen);
            json.writeArrayPropertyStart("counters");
            for (final LiveCounters.Counter counter : counters)
            {
                json.writeStartObject();
                json.writeNumberProperty("id", counter.id());
                json.writeNumberProperty("typeId", counter.typeId());
                json.writeStringProperty("label", counter.label());
                json.writeNumberProperty("value", counter.value());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }
}
