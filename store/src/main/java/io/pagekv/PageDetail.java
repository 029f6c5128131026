package io.pagekv;

import java.nio.file.Path;
import java.util.List;

/**
 * One page decoded for inspection ({@link PageInspector#page(long)}): its header, the structure
 * its type gives it, and its bytes. Decoding never trusts the page: an offset or length that
 * points outside the page ends the decoding of that part with a line in {@link #problems()}.
 *
 * <p>The byte arrays are copies the caller owns; records holding them compare by identity.
 *
 * @param summary       the header fields and whether the CRC matches.
 * @param file          the segment file.
 * @param fileOffset    where the page starts in it.
 * @param flags         the header's flags byte.
 * @param storedCrc     the CRC32C stored in the header.
 * @param computedCrc   the CRC32C of the page's (the overflow run's) bytes, with the CRC field as zero.
 * @param entries       a leaf's entries in slot order; empty for other types.
 * @param firstChild    a branch's child 0; -1 for other types.
 * @param separators    a branch's separator keys with child {@code i + 1} each; empty for other types.
 * @param commit        a commit record's fields; null for other types.
 * @param segmentHeader a segment header page's fields; null for other types.
 * @param problems      what could not be decoded, one line each; empty for an intact page.
 * @param bytes         the page's bytes (the first page of an overflow run).
 */
public record PageDetail(
    PageSummary summary,
    Path file,
    long fileOffset,
    int flags,
    int storedCrc,
    int computedCrc,
    List<LeafEntry> entries,
    long firstChild,
    List<Separator> separators,
    Commit commit,
    SegmentHeader segmentHeader,
    List<String> problems,
    byte[] bytes)
{
    /**
     * One cell of a leaf page.
     *
     * @param cellOffset     where the cell starts in the page.
     * @param key            the key bytes.
     * @param valueKind      the value kind byte (0 inline, 1 overflow, 2 LZ4 block in an overflow run, 3 LZ4 block inline).
     * @param valueKindName  the number and its meaning, for example {@code 0 (inline)}, {@code 1 (overflow)}, {@code 5 (unknown)}.
     * @param valueLength    the value's length; for kinds 2 and 3, its stored LZ4 block's.
     * @param overflowPageId the overflow run holding the value (or its LZ4 block), or -1 for an inline one.
     */
    public record LeafEntry(int cellOffset, byte[] key, int valueKind, String valueKindName, int valueLength, long overflowPageId)
    {
    }

    /**
     * One separator of a branch page.
     *
     * @param cellOffset where the cell starts in the page.
     * @param key        the separator key: every key under {@code child} is greater or equal.
     * @param child      the page id of the child to its right.
     */
    public record Separator(int cellOffset, byte[] key, long child)
    {
    }

    /**
     * The fields of a commit record.
     *
     * @param root          root page id, -1 when the store is empty.
     * @param previous      page id of the previous commit record, -1 for the first.
     * @param previousCrc   record CRC of the previous commit record.
     * @param depth         tree depth.
     * @param entryCount    entry count.
     * @param time          commit time, epoch ms.
     * @param bodyPages     body pages that follow the record (the header's aux1).
     * @param bodyCrc       CRC32C of all body bytes (the header's aux2).
     */
    public record Commit(long root, long previous, int previousCrc, int depth, long entryCount, long time, int bodyPages, int bodyCrc)
    {
    }

    /**
     * The fields of a segment header page.
     *
     * @param magic         the magic, {@code 0x53564B50} ({@code PKVS}).
     * @param version       the format version.
     * @param pageSize      the page size.
     * @param segment       the segment number.
     * @param storeId       the store id.
     * @param capacityPages capacity in pages at creation.
     * @param created       creation time, epoch ms.
     */
    public record SegmentHeader(int magic, int version, int pageSize, int segment, long storeId, long capacityPages, long created)
    {
    }
}
