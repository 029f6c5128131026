package io.pagekv.recover;

import io.pagekv.format.OverflowLayout;
import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import io.pagekv.page.SegmentFiles;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every segment file of a store mapped read-only as it lies, without the header checks of a
 * store open: salvage reads pages from files whose header or length is damaged too. A page is
 * trusted only when it proves itself ({@link #intact}).
 *
 * <p>Not thread-safe; used by one salvage.
 */
final class SegmentImages
{
    private final Path dir;
    private final int pageSize;
    private final Map<Integer, UnsafeBuffer> images = new TreeMap<>();

    private SegmentImages(final Path dir, final int pageSize)
    {
        this.dir = dir;
        this.pageSize = pageSize;
    }

    /**
     * Maps every segment file of {@code dir} (whole pages only).
     *
     * @param dir      the store directory.
     * @param io       the file seam; files are opened read-only.
     * @param pageSize the store's page size.
     * @return the images.
     * @throws IOException if the directory cannot be listed or a file mapped.
     */
    static SegmentImages map(final Path dir, final FileIO io, final int pageSize) throws IOException
    {
        final SegmentImages images = new SegmentImages(dir, pageSize);
        for (final int number : SegmentFiles.list(dir))
        {
            try (StoreFile file = io.openReadOnly(SegmentFiles.path(dir, number)))
            {
                final long pages = Math.min(file.size(), Integer.MAX_VALUE) / pageSize;
                images.images.put(number, new UnsafeBuffer(file.mapReadOnly(pages * pageSize)));
            }
        }
        return images;
    }

    /**
     * @return the segment numbers, ascending.
     */
    Iterable<Integer> numbers()
    {
        return images.keySet();
    }

    /**
     * @param number a segment number.
     * @return its mapping, or null if there is no such file.
     */
    UnsafeBuffer image(final int number)
    {
        return images.get(number);
    }

    /**
     * @param number a segment number.
     * @return whole pages in its file, 0 if there is none.
     */
    int pages(final int number)
    {
        final UnsafeBuffer image = images.get(number);
        return image == null ? 0 : image.capacity() / pageSize;
    }

    int pageSize()
    {
        return pageSize;
    }

    /**
     * @param pageId a page id.
     * @return the file that should hold it.
     */
    Path file(final long pageId)
    {
        return SegmentFiles.path(dir, PageAddress.segment(pageId));
    }

    /**
     * Checks a page (or an overflow run) the way a reader must: inside its file, the expected
     * type, its own id, and its CRC.
     *
     * @param pageId the page id.
     * @param type   the expected {@link PageType}.
     * @return null if it is intact, else what is wrong.
     */
    String intact(final long pageId, final int type)
    {
        final int number = PageAddress.segment(pageId);
        final int index = PageAddress.pageIndex(pageId);
        final UnsafeBuffer image = images.get(number);
        if (image == null)
        {
            return "its segment file is missing";
        }
        if (index < 1 || index >= pages(number))
        {
            return "it lies beyond the end of its file (" + pages(number) + " pages)";
        }
        final int offset = index * pageSize;
        if (PageLayout.type(image, offset) != type)
        {
            return "it is a " + PageType.name(PageLayout.type(image, offset)) + " page where a " + PageType.name(type) + " page was expected";
        }
        if (PageLayout.pageId(image, offset) != pageId)
        {
            return "it says it is page " + PageAddress.toString(PageLayout.pageId(image, offset));
        }
        int length = pageSize;
        if (type == PageType.OVERFLOW)
        {
            final int runPages = PageLayout.aux1(image, offset);
            final int valueLength = PageLayout.aux2(image, offset);
            if (runPages <= 0 || runPages > pages(number) - index || valueLength < 0 ||
                OverflowLayout.pagesFor(valueLength, pageSize) != runPages)
            {
                return "its run of " + runPages + " pages does not fit the file or its value of " + valueLength + " bytes";
            }
            length = runPages * pageSize;
        }
        return PageLayout.checksum(image, offset, length) == PageLayout.crc(image, offset) ? null : "its CRC32C does not match";
    }

    /**
     * @param pageId an intact page's id.
     * @return its offset in {@link #image} of its segment.
     */
    int offset(final long pageId)
    {
        return PageAddress.pageIndex(pageId) * pageSize;
    }
}
