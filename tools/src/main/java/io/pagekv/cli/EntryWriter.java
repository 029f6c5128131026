package io.pagekv.cli;

import org.agrona.DirectBuffer;

import java.io.IOException;

/**
 * Writes entries one after the other, in one of the forms {@code dump} offers: the
 * {@code pagekv-dump} format ({@link DumpWriter}) or JSON Lines ({@link JsonLinesWriter}).
 */
interface EntryWriter
{
    /**
     * @param key       the key.
     * @param value     the value, for example a zero-copy view of the mapped pages.
     * @param patchable whether the value was put patchable, which the output then says.
     * @throws IOException if writing fails.
     */
    void entry(byte[] key, DirectBuffer value, boolean patchable) throws IOException;

    /**
     * Ends the output and flushes it.
     *
     * @return the number of entries written.
     * @throws IOException if writing fails.
     */
    long finish() throws IOException;
}
