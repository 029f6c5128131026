package io.pagekv.cli;

import io.pagekv.VerifyProblem;
import io.pagekv.VerifyReport;
import io.pagekv.format.FormatVersion;
import io.pagekv.format.SegmentHeaderLayout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds segment files shorter than their header says. Segments are created at full length, so
 * a shorter file was truncated; the store opens it all the same (it keeps the whole pages that
 * are left), and the tree walk notices only if a reachable page was cut off. Reads the header
 * as {@code docs/format.md} lays it out.
 */
final class SegmentLengths
{
    private SegmentLengths()
    {
    }

    /**
     * @param dir      the store directory.
     * @param pageSize the store's page size.
     * @param segments the segments the store uses.
     * @return a problem per truncated segment file.
     * @throws IOException if a file cannot be read.
     */
    static List<VerifyProblem> check(final Path dir, final int pageSize, final List<VerifyReport.SegmentUsage> segments)
        throws IOException
    {
        final List<VerifyProblem> problems = new ArrayList<>();
        for (final VerifyReport.SegmentUsage segment : segments)
        {
            final Path file = dir.resolve(segment.file());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
            {
                final long size = channel.size();
                final ByteBuffer header = ByteBuffer.allocate(SegmentHeaderLayout.CAPACITY_OFFSET + Long.BYTES).order(FormatVersion.ORDER);
                while (header.hasRemaining() && channel.read(header, header.position()) > 0)
                {
                    continue;
                }
                if (header.hasRemaining())
                {
                    problems.add(new VerifyProblem(file, 0, size, "segment file of " + size + " bytes is shorter than its header"));
                    continue;
                }
                final long capacity = header.getLong(SegmentHeaderLayout.CAPACITY_OFFSET);
                final long expected = capacity * pageSize;
                if (size < expected)
                {
                    problems.add(new VerifyProblem(file, size / pageSize, size, "segment file is truncated: " + size +
                        " bytes, its header says " + capacity + " pages (" + expected + " bytes); pages " + size / pageSize +
                        " to " + (capacity - 1) + " are lost"));
                }
            }
        }
        return problems;
    }
}
