package io.pagekv.format;

/**
 * A run of contiguous pages holding one large value, so that it reads back as one zero-copy view.
 * Only the first page has a {@link PageLayout header}: count = 0, aux1 = pages in the run,
 * aux2 = value length; the value's bytes start right after the header and run on through the
 * following pages. The header's checksum covers every byte of the run.
 *
 * <pre>
 *  | header (32) | value bytes ...                   | ... value bytes | zero padding |
 *  |<----------------------- run: aux1 pages of the store's page size -------------->|
 * </pre>
 */
public final class OverflowLayout
{
    /** Offset of the value bytes from the start of the run. */
    public static final int VALUE_OFFSET = PageLayout.HEADER_LENGTH;

    private OverflowLayout()
    {
    }

    /**
     * @param valueLength the value's length.
     * @param pageSize    the store's page size.
     * @return pages the run takes.
     */
    public static int pagesFor(final int valueLength, final int pageSize)
    {
        return (int)(((long)VALUE_OFFSET + valueLength + pageSize - 1) / pageSize);
    }
}
