package io.pagekv.crash;

import io.pagekv.format.PageAddress;
import io.pagekv.format.PageLayout;
import io.pagekv.format.PageType;
import io.pagekv.page.SegmentFiles;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a store's directory holds a reused segment file (decision 59), as the batteries see it:
 * a segment file with an intact branch, leaf or commit page of another segment in it, which only a
 * retired file renamed to a new segment's name leaves (its old pages past the new log's tail).
 */
final class ReusedSegments
{
    private ReusedSegments()
    {
    }

    /**
     * @param dir      a store directory.
     * @param pageSize its page size.
     * @return whether some segment file holds an intact one-page page whose id names another segment.
     */
    static boolean any(final Path dir, final int pageSize)
    {
        try
        {
            for (final int number : SegmentFiles.list(dir))
            {
                final UnsafeBuffer file = new UnsafeBuffer(Files.readAllBytes(SegmentFiles.path(dir, number)));
                for (int offset = pageSize; offset + pageSize <= file.capacity(); offset += pageSize)
                {
                    final int type = PageLayout.type(file, offset);
                    if ((type == PageType.BRANCH || type == PageType.LEAF || type == PageType.COMMIT) &&
                        PageAddress.segment(PageLayout.pageId(file, offset)) != number &&
                        PageLayout.checksum(file, offset, pageSize) == PageLayout.crc(file, offset))
                    {
                        return true;
                    }
                }
            }
            return false;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
