package io.pagekv.format;

/**
 * A page id names a page anywhere in the store: the segment number in the high 32 bits and the
 * page index inside that segment file in the low 32 bits. Page index 0 of every segment is its
 * header, so no B+tree page ever has index 0.
 */
public final class PageAddress
{
    /** No page: an empty tree's root, the first commit's predecessor. */
    public static final long NONE = -1L;

    private PageAddress()
    {
    }

    /**
     * @param segment   the segment number.
     * @param pageIndex the page index in that segment.
     * @return the page id.
     */
    public static long of(final int segment, final int pageIndex)
    {
        return ((long)segment << 32) | (pageIndex & 0xFFFF_FFFFL);
    }

    /**
     * @param pageId a page id.
     * @return its segment number.
     */
    public static int segment(final long pageId)
    {
        return (int)(pageId >>> 32);
    }

    /**
     * @param pageId a page id.
     * @return its page index inside its segment.
     */
    public static int pageIndex(final long pageId)
    {
        return (int)pageId;
    }

    /**
     * @param pageId a page id.
     * @return {@code segment:index}, for messages.
     */
    public static String toString(final long pageId)
    {
        return pageId == NONE ? "none" : segment(pageId) + ":" + pageIndex(pageId);
    }
}
