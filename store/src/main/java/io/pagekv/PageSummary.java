package io.pagekv;

import io.pagekv.format.PageAddress;

/**
 * One page's header as it lies in its segment file, for inspection ({@link PageInspector}):
 * the fields of {@code docs/format.md}'s page header and whether its checksum matches. A damaged
 * page is described, never refused.
 *
 * @param pageId     the page's address: segment number in the high 32 bits, index in the low 32.
 * @param type       the page type byte (0 unwritten, 1 branch, 2 leaf, 3 overflow, 4 commit,
 *                   5 segment header; others reserved or unknown).
 * @param typeName   the type's name: {@code unwritten}, {@code branch}, {@code leaf},
 *                   {@code overflow}, {@code commit}, {@code segment-header}, or
 *                   {@code unknown(N)} and the reserved types' names.
 * @param count      the entry count (leaf: entries; branch: separator keys).
 * @param txnId      the transaction that wrote the page.
 * @param aux1       aux1: bytes used (leaf, branch), pages in the run (overflow), body pages (commit).
 * @param aux2       aux2: value length (overflow), body CRC32C (commit).
 * @param pages      pages the page spans: aux1 for an overflow run whose header is sane, else 1.
 * @param storedId   the page id the header holds; equals {@code pageId} on an intact page.
 * @param crcMatches whether the CRC32C stored in the header matches the page's (the run's) bytes;
 *                   false for an unwritten page.
 */
public record PageSummary(
    long pageId,
    int type,
    String typeName,
    int count,
    long txnId,
    int aux1,
    int aux2,
    int pages,
    long storedId,
    boolean crcMatches)
{
    /** @return the segment number. */
    public int segment()
    {
        return PageAddress.segment(pageId);
    }

    /** @return the page's index in its segment file. */
    public int index()
    {
        return PageAddress.pageIndex(pageId);
    }

    /** @return the address as {@code segment:index}, for example {@code 0:3}. */
    public String address()
    {
        return PageAddress.toString(pageId);
    }

    /** @return whether the page was written: its type is not 0. */
    public boolean written()
    {
        return type != 0;
    }

    /** @return whether the page is intact as far as its header tells: it names itself and its CRC matches. */
    public boolean intact()
    {
        return crcMatches && storedId == pageId;
    }
}
