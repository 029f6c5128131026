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
        final JsonWriter json = new JsonWriter().beginObject()
            .field("source", report.source().toString()).field("target", report.target().toString())
            .field("complete", report.isComplete()).field("entriesWritten", report.entriesWritten())
            .field("baseTxn", report.baseTxn()).field("baseEntries", report.baseEntries())
            .field("entriesFromBase", report.entriesFromBase()).field("entriesFromLaterCommits", report.entriesFromLaterCommits())
            .field("baseEntriesUnread", report.baseEntriesUnread())
            .field("damage", report.damage() == null ? null : report.damage().getMessage());
        json.beginArray("parts");
        for (final SalvageReport.Part part : report.parts())
        {
            json.beginObject().field("txnId", part.txnId()).field("base", part.base()).field("entries", part.entries())
                .field("firstKeyHex", hex(part.firstKey())).field("lastKeyHex", hex(part.lastKey())).endObject();
        }
        json.endArray().beginArray("losses");
        for (final SalvageReport.Loss loss : report.losses())
        {
            json.beginObject().field("file", loss.file().toString()).field("page", loss.page()).field("txnId", loss.txnId())
                .field("fromKeyHex", hex(loss.fromKey())).field("toKeyHex", hex(loss.toKey())).field("why", loss.why()).endObject();
        }
        return json.endArray().endObject().toString();
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
