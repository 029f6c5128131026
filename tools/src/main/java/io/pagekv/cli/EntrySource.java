package io.pagekv.cli;

import org.agrona.DirectBuffer;

import java.io.IOException;

/**
 * Entries that {@code load} reads one at a time, checked as they come: a {@code pagekv-dump}
 * ({@link DumpReader}) or LMDB's {@code mdb_dump} text ({@link MdbDumpReader}).
 */
interface EntrySource
{
    /**
     * @return what the input says about itself: the encoding keys are reported in, the page size
     * for a new store (0: the default), the entry count (-1: unknown).
     */
    DumpHeader header();

    /**
     * Moves to the next entry.
     *
     * @return false at the end, once the input is checked complete.
     * @throws BadInputException if the input is malformed or truncated, or a value is too large.
     * @throws IOException       if reading fails.
     */
    boolean next() throws IOException;

    /**
     * @return the current entry's key.
     */
    byte[] key();

    /**
     * @return the current entry's value, valid until the next call to {@link #next}.
     */
    DirectBuffer value();

    /**
     * @return whether the current entry's value is to be put patchable.
     */
    boolean patchable();

    /**
     * @return entries read so far.
     */
    long entries();

    /**
     * @param what what is wrong with the current entry.
     * @return the error to throw, naming the input and line.
     */
    BadInputException bad(String what);
}
