package io.pagekv.cli;

import io.pagekv.SalvageReport;

/**
 * The report of {@code pagekv recover} as text or JSON: what was written and from which commit,
 * then every page or value that was lost with the key range it could have held (keys in hex).
 */
final class RecoverSummary
{
    private RecoverSummary()
    {
    }

    /**
     * @param report the salvage report.
     * @return the report, for people.
     */
    static String text(final SalvageReport report)
    {
        final StringBuilder text = new StringBuilder();
        text.append("recovered ").append(report.source()).append(" into ").append(report.target()).append('\n');
        text.append(String.format("  %-12s %d%n", "entries", report.entriesWritten()));
        text.append(String.format("  %-12s txn %d: %d of its %d entries (%d unreadable)%n", "base", report.baseTxn(),
            report.entriesFromBase(), report.baseEntries(), report.baseEntriesUnread()));
        for (final SalvageReport.Part part : report.parts())
        {
            if (!part.base())
            {
                text.append(String.format("  %-12s txn %d: %d entries, keys %s..%s%n", "later commit", part.txnId(), part.entries(),
                    key(part.firstKey()), key(part.lastKey())));
            }
        }
        if (report.damage() != null)
        {
            text.append(String.format("  %-12s %s%n", "damage", report.damage().getMessage()));
        }
        for (final SalvageReport.Loss loss : report.losses())
        {
            text.append(String.format("  %-12s page %d in %s (txn %d), keys %s..%s: %s%n", "lost", loss.page(), loss.file(),
                loss.txnId(), key(loss.fromKey()), key(loss.toKey()), loss.why()));
        }
        return text.toString();
    }

    /**
     * @param report the salvage report.
     * @return one JSON object.
     */
    static String json(final SalvageReport report)
    {
        return JsonStyle.document(json ->
        {
            json.writeStartObject();
            json.writeStringProperty("source", report.source().toString());
            json.writeStringProperty("target", report.target().toString());
            json.writeBooleanProperty("complete", report.isComplete());
            json.writeNumberProperty("entriesWritten", report.entriesWritten());
            json.writeNumberProperty("baseTxn", report.baseTxn());
            json.writeNumberProperty("baseEntries", report.baseEntries());
            json.writeNumberProperty("entriesFromBase", report.entriesFromBase());
            json.writeNumberProperty("entriesFromLaterCommits", report.entriesFromLaterCommits());
            json.writeNumberProperty("baseEntriesUnread", report.baseEntriesUnread());
            json.writeStringProperty("damage", report.damage() == null ? null : report.damage().getMessage());
            json.writeArrayPropertyStart("parts");
            for (final SalvageReport.Part part : report.parts())
            {
                json.writeStartObject();
                json.writeNumberProperty("txnId", part.txnId());
                json.writeBooleanProperty("base", part.base());
                json.writeNumberProperty("entries", part.entries());
                json.writeStringProperty("firstKeyHex", hex(part.firstKey()));
                json.writeStringProperty("lastKeyHex", hex(part.lastKey()));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayPropertyStart("losses");
            for (final SalvageReport.Loss loss : report.losses())
            {
                json.writeStartObject();
                json.writeStringProperty("file", loss.file().toString());
                json.writeNumberProperty("page", loss.page());
                json.writeNumberProperty("txnId", loss.txnId());
                json.writeStringProperty("fromKeyHex", hex(loss.fromKey()));
                json.writeStringProperty("toKeyHex", hex(loss.toKey()));
                json.writeStringProperty("why", loss.why());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private static String key(final byte[] key)
    {
        return key == null ? "*" : KeyFormat.HEX.encode(key);
    }

    private static String hex(final byte[] key)
    {
        return key == null ? null : KeyFormat.HEX.encode(key);
    }
}
