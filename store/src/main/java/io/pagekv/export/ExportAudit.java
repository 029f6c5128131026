package io.pagekv.export;

import org.agrona.DirectBuffer;

/**
 * Told of every export once its value is found and before anything of it is created: the seam
 * where the store's audit hook sees (and may veto) an export, which is a write as far as the
 * audit is concerned.
 */
@FunctionalInterface
public interface ExportAudit
{
    /** Does nothing. */
    ExportAudit NONE = (key, keyLength, txnId, valueLength) -> { };

    /**
     * @param key         the key.
     * @param keyLength   its length.
     * @param txnId       the commit the value is exported from.
     * @param valueLength the value's length.
     * @throws RuntimeException to veto: nothing is created and the caller gets it.
     */
    void beforeExport(DirectBuffer key, int keyLength, long txnId, int valueLength);
}
