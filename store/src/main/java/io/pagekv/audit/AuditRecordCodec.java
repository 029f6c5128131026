package io.pagekv.audit;

import io.pagekv.format.AuditLogLayout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.pagekv.format.AuditLogLayout.*;

/**
 * The one encoder and decoder of audit records ({@link AuditLogLayout}), for the durable log and
 * the live tail, and the hash that chains the log's records.
 */
final class AuditRecordCodec
{
    private AuditRecordCodec()
    {
    }

    /**
     * @param sequence the record's sequence number.
     * @param kind     its kind code.
     * @param event    the event, or null for a marker.
     * @param txnId    the txn id.
     * @param time     the time.
     * @param detail   the detail, or null.
     * @return the record with a zero hash; seal it with {@link #seal} for the log.
     */
    static byte[] encode(final long sequence, final int kind, final AuditEvent event, final long txnId, final long time, final String detail)
    {
        final byte[] key = event == null || event.keyBytes() == null ? new byte[0] : event.keyBytes();
        final AuditContext context = event == null ? AuditContext.NONE : event.context();
        final byte[] principal = utf8(context.principal());
        final byte[] requestId = utf8(context.requestId());
        final byte[] attributes = attributes(context.attributes());
        final byte[] detailBytes = utf8(detail);
        final int length = RECORD_HEADER_LENGTH + key.length + principal.length + requestId.length + attributes.length + detailBytes.length +
            HASH_LENGTH;
        final ByteBuffer record = ByteBuffer.allocate(length).order(ORDER);
        record.putInt(LENGTH_OFFSET, length);
        record.put(KIND_OFFSET, (byte)kind);
        record.putShort(KEY_LENGTH_OFFSET, (short)key.length);
        record.putLong(SEQUENCE_OFFSET, sequence);
        record.putLong(TXN_OFFSET, txnId);
        record.putLong(TIME_OFFSET, time);
        record.putLong(VALUE_LENGTH_OFFSET, event == null ? -1 : event.valueLength());
        record.putInt(PUTS_OFFSET, event == null ? 0 : event.puts());
        record.putInt(DELETES_OFFSET, event == null ? 0 : event.deletes());
        record.putInt(PAGES_OFFSET, event == null ? 0 : event.pages());
        record.putShort(PRINCIPAL_LENGTH_OFFSET, (short)principal.length);
        record.putShort(REQUEST_ID_LENGTH_OFFSET, (short)requestId.length);
        record.putShort(ATTRIBUTES_LENGTH_OFFSET, (short)attributes.length);
        record.putShort(DETAIL_LENGTH_OFFSET, (short)detailBytes.length);
        record.position(RECORD_HEADER_LENGTH);
        record.put(key).put(principal).put(requestId).put(attributes).put(detailBytes);
        return record.array();
    }

    /**
     * @param event an event.
     * @param sequence its sequence number.
     * @return its record with a zero hash.
     */
    static byte[] encode(final AuditEvent event, final long sequence)
    {
        return encode(sequence, event.kind().code(), event, event.txnId(), event.timeMillis(), event.detail());
    }

    /**
     * Writes the record's hash: SHA-256 over the previous record's hash and the record's bytes before the hash.
     *
     * @param record   an encoded record.
     * @param previous the previous record's hash (zeros before the first).
     * @param sha256   a digest to use.
     * @return the record's hash (a copy of what was written into it).
     */
    static byte[] seal(final byte[] record, final byte[] previous, final MessageDigest sha256)
    {
        final byte[] hash = hash(record, 0, record.length, previous, sha256);
        System.arraycopy(hash, 0, record, record.length - HASH_LENGTH, HASH_LENGTH);
        return hash;
    }

    /**
     * @param bytes    holds the record.
     * @param offset   where it starts.
     * @param length   its length, hash included.
     * @param previous the previous record's hash.
     * @param sha256   a digest to use.
     * @return the hash the record must end with.
     */
    static byte[] hash(final byte[] bytes, final int offset, final int length, final byte[] previous, final MessageDigest sha256)
    {
        sha256.reset();
        sha256.update(previous);
        sha256.update(bytes, offset, length - HASH_LENGTH);
        return sha256.digest();
    }

    /**
     * @param bytes  holds the record.
     * @param offset where it starts.
     * @param length its length, as its first field says and the caller checked with {@link #problem}.
     * @return the record decoded.
     */
    static AuditRecord decode(final byte[] bytes, final int offset, final int length)
    {
        final ByteBuffer record = ByteBuffer.wrap(bytes, offset, length).slice().order(ORDER);
        int at = RECORD_HEADER_LENGTH;
        final byte[] key = new byte[Short.toUnsignedInt(record.getShort(KEY_LENGTH_OFFSET))];
        record.get(at, key);
        at += key.length;
        final int principalLength = Short.toUnsignedInt(record.getShort(PRINCIPAL_LENGTH_OFFSET));
        final String principal = principalLength == 0 ? null : new String(bytes, offset + at, principalLength, StandardCharsets.UTF_8);
        at += principalLength;
        final int requestLength = Short.toUnsignedInt(record.getShort(REQUEST_ID_LENGTH_OFFSET));
        final String requestId = requestLength == 0 ? null : new String(bytes, offset + at, requestLength, StandardCharsets.UTF_8);
        at += requestLength;
        final int attributesLength = Short.toUnsignedInt(record.getShort(ATTRIBUTES_LENGTH_OFFSET));
        final Map<String, String> attributes = attributes(bytes, offset + at, attributesLength);
        at += attributesLength;
        final int detailLength = Short.toUnsignedInt(record.getShort(DETAIL_LENGTH_OFFSET));
        final String detail = detailLength == 0 ? null : new String(bytes, offset + at, detailLength, StandardCharsets.UTF_8);
        return new AuditRecord(record.getLong(SEQUENCE_OFFSET), Byte.toUnsignedInt(record.get(KIND_OFFSET)), record.getLong(TXN_OFFSET),
            record.getLong(TIME_OFFSET), key, record.getLong(VALUE_LENGTH_OFFSET), record.getInt(PUTS_OFFSET), record.getInt(DELETES_OFFSET),
            record.getInt(PAGES_OFFSET), principal, requestId, attributes, detail);
    }

    /**
     * Checks that a record's fields fit its length, before it is hashed or decoded.
     *
     * @param bytes     holds the record.
     * @param offset    where it starts.
     * @param available bytes from {@code offset} to the end of what was read.
     * @return what is wrong, or null if its lengths are consistent.
     */
    static String problem(final byte[] bytes, final int offset, final int available)
    {
        if (available < RECORD_HEADER_LENGTH + HASH_LENGTH)
        {
            return "truncated: " + available + " bytes, less than a record's " + (RECORD_HEADER_LENGTH + HASH_LENGTH);
        }
        final ByteBuffer record = ByteBuffer.wrap(bytes, offset, available).slice().order(ORDER);
        final int length = record.getInt(LENGTH_OFFSET);
        if (length < RECORD_HEADER_LENGTH + HASH_LENGTH)
        {
            return "record length " + length + " is less than a record's " + (RECORD_HEADER_LENGTH + HASH_LENGTH);
        }
        if (length > available)
        {
            return "truncated: record length " + length + " but only " + available + " bytes left";
        }
        final long fields = (long)Short.toUnsignedInt(record.getShort(KEY_LENGTH_OFFSET)) + Short.toUnsignedInt(record.getShort(PRINCIPAL_LENGTH_OFFSET)) +
            Short.toUnsignedInt(record.getShort(REQUEST_ID_LENGTH_OFFSET)) + Short.toUnsignedInt(record.getShort(ATTRIBUTES_LENGTH_OFFSET)) +
            Short.toUnsignedInt(record.getShort(DETAIL_LENGTH_OFFSET));
        if (RECORD_HEADER_LENGTH + fields + HASH_LENGTH != length)
        {
            return "record length " + length + " differs from its fields' " + (RECORD_HEADER_LENGTH + fields + HASH_LENGTH);
        }
        return null;
    }

    static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every Java platform has SHA-256", ex);
        }
    }

    private static byte[] utf8(final String text)
    {
        if (text == null)
        {
            return new byte[0];
        }
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= MAX_FIELD_LENGTH ? bytes : java.util.Arrays.copyOf(bytes, MAX_FIELD_LENGTH);
    }

    private static byte[] attributes(final Map<String, String> attributes)
    {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (final Map.Entry<String, String> e : attributes.entrySet())
        {
            final byte[] name = utf8(e.getKey());
            final byte[] value = utf8(e.getValue());
            if (out.size() + 4 + name.length + value.length > MAX_FIELD_LENGTH)
            {
                break;
            }
            out.write(name.length & 0xFF);
            out.write(name.length >>> 8);
            out.write(name, 0, name.length);
            out.write(value.length & 0xFF);
            out.write(value.length >>> 8);
            out.write(value, 0, value.length);
        }
        return out.toByteArray();
    }

    private static Map<String, String> attributes(final byte[] bytes, final int offset, final int length)
    {
        final Map<String, String> attributes = new LinkedHashMap<>();
        int at = offset;
        final int end = offset + length;
        while (at + 2 <= end)
        {
            final int nameLength = (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8;
            if (at + 2 + nameLength + 2 > end)
            {
                break;
            }
            final String name = new String(bytes, at + 2, nameLength, StandardCharsets.UTF_8);
            at += 2 + nameLength;
            final int valueLength = (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8;
            if (at + 2 + valueLength > end)
            {
                break;
            }
            attributes.put(name, new String(bytes, at + 2, valueLength, StandardCharsets.UTF_8));
            at += 2 + valueLength;
        }
        return java.util.Collections.unmodifiableMap(attributes);
    }
}
