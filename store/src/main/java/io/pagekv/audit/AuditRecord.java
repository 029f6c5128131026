package io.pagekv.audit;

import io.pagekv.format.AuditLogLayout;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * One record of the durable audit log or one message of the live tail, decoded.
 *
 * @param sequence    its number in the log (0 for the first; 0 for tail messages).
 * @param kindCode    the stored kind: an {@link AuditKind#code()}, or one of the log's own markers
 *                    (abandoned commits, a cut tail; see {@code docs/audit.md}).
 * @param txnId       the transaction.
 * @param timeMillis  when, in milliseconds since the epoch.
 * @param key         the key, or an empty array.
 * @param valueLength the value's length, or -1.
 * @param puts        a commit's puts.
 * @param deletes     a commit's deletes.
 * @param pages       a commit's pages.
 * @param principal   the context's principal, or null.
 * @param requestId   the context's request id, or null.
 * @param attributes  the context's attributes.
 * @param detail      more about the write, or null.
 */
public record AuditRecord(long sequence, int kindCode, long txnId, long timeMillis, byte[] key, long valueLength, int puts, int deletes,
    int pages, String principal, String requestId, Map<String, String> attributes, String detail)
{
    /** @return the kind, or null for the log's own markers and codes this build does not know. */
    public AuditKind kind()
    {
        return AuditKind.ofCode(kindCode);
    }

    /** @return the kind's name: an {@link AuditKind} name, {@code ABANDONED}, {@code TAIL_CUT} or {@code KIND_n}. */
    public String kindName()
    {
        final AuditKind kind = kind();
        if (kind != null)
        {
            return kind.name();
        }
        if (kindCode == AuditLogLayout.KIND_ABANDONED)
        {
            return "ABANDONED";
        }
        return kindCode == AuditLogLayout.KIND_TAIL_CUT ? "TAIL_CUT" : "KIND_" + kindCode;
    }

    /** @return one line: sequence, time, kind, txn, key (hex), lengths and counts, principal, request id, attributes, detail. */
    public String toLine()
    {
        final StringBuilder line = new StringBuilder();
        line.append('#').append(sequence).append(' ').append(Instant.ofEpochMilli(timeMillis)).append(' ').append(kindName())
            .append(" txn=").append(txnId);
        if (key.length > 0)
        {
            line.append(" key=").append(HexFormat.of().formatHex(key));
        }
        if (valueLength >= 0)
        {
            line.append(" value=").append(valueLength);
        }
        if (kindCode == AuditKind.COMMIT.code())
        {
            line.append(" puts=").append(puts).append(" deletes=").append(deletes).append(" pages=").append(pages);
        }
        if (principal != null)
        {
            line.append(" principal=").append(principal);
        }
        if (requestId != null)
        {
            line.append(" request=").append(requestId);
        }
        attributes.forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
        if (detail != null)
        {
            line.append(" detail=\"").append(detail).append('"');
        }
        return line.toString();
    }

}
