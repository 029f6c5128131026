package io.pagekv.crash;

import io.pagekv.page.SegmentFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Whether compaction has retired a store's first segments, as the batteries see it: the lowest
 * segment file left in its directory.
 */
final class LowestSegment
{
    private LowestSegment()
    {
    }

    /**
     * @param dir a store directory.
     * @return the lowest segment number with a file there, or -1 when there is none.
     */
    static int of(final Path dir)
    {
        try
        {
            final int[] numbers = SegmentFiles.list(dir);
            return numbers.length == 0 ? -1 : numbers[0];
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
