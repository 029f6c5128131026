package io.pagekv.cli;

import io.pagekv.format.FormatVersion;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds pages in a segment file by reading their headers, as a fault injector would. The page
 * format comes from the store's layout constants ({@code PageLayout}, {@code PageType}), which
 * {@code FormatDocTest} keeps equal to docs/format.md: tests may read the store's internals, the
 * tool's main code may not.
 */
final class SegmentPages
{
    static final int BRANCH = PageType.BRANCH;
    static final int LEAF = PageType.LEAF;
    static final int OVERFLOW = PageType.OVERFLOW;
    static final int COMMIT = PageType.COMMIT;

    /**
     * One page header.
     *
     * @param index the page index in the file.
     * @param type  the page type.
     * @param txnId the txn that wrote it.
     * @param pages pages it spans (more than 1 for an overflow run).
     */
    record Page(int index, int type, long txnId, int pages)
    {
    }

    private SegmentPages()
    {
    }

    static List<Page> read(final Path segment, final int pageSize) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment)).order(FormatVersion.ORDER);
        final List<Page> pages = new ArrayList<>();
        int index = 1;
        while ((long)(index + 1) * pageSize <= bytes.capacity())
        {
            final int at = index * pageSize;
            final int type = bytes.get(at + PageLayout.TYPE_OFFSET) & 0xFF;
            if (type == 0)
            {
                break;
            }
            final int span = type == OVERFLOW ? bytes.getInt(at + PageLayout.AUX1_OFFSET) : 1;
            pages.add(new Page(index, type, bytes.getLong(at + PageLayout.TXN_ID_OFFSET), span));
            index += Math.max(1, span);
        }
        return pages;
    }

    /**
     * @return the first page of {@code type} written by {@code txnId}.
     */
    static Page first(final List<Page> pages, final int type, final long txnId)
    {
        return pages.stream().filter(p -> p.type() == type && p.txnId() == txnId).findFirst()
            .orElseThrow(() -> new AssertionError("no page of type " + type + " in txn " + txnId + ": " + pages));
    }

    /**
     * Flips one bit of the byte at {@code offset}.
     */
    static void flipBit(final Path file, final long offset) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset);
            final int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x10);
        }
    }
}
